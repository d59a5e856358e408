/**
 * The {@code stepindex} command line: one picocli class per subcommand and shared options as
 * mixins; the work lives in the library modules, and the whole-pipeline study the {@code demo}
 * command runs in {@code org.stepindex.cli.demo}.
 */
package org.stepindex.cli;
