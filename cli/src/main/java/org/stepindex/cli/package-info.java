/**
 * The {@code stepindex} command line: one picocli class per subcommand, shared options as mixins, and nothing else;
 * the work lives in the indexer and query modules.
 */
package org.stepindex.cli;
