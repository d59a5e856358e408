/**
 * The answers of the query commands as row objects, and their one JSON rendering, shared by the
 * command line and the HTTP server so both print the same bytes for the same index and arguments.
 *
 * <p>{@link org.stepindex.query.rows.Answers} turns arguments (a compiled query, {@link
 * org.stepindex.query.rows.When}) into {@link org.stepindex.query.rows.CountRow}s, {@link
 * org.stepindex.query.rows.CooccurRow}s or a {@link org.stepindex.query.rows.Timeline}; {@link
 * org.stepindex.query.rows.JsonRows} writes them as JSON lines.
 */
package org.stepindex.query.rows;
