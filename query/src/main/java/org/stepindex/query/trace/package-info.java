/**
 * Where a short command's time goes: timestamps of its phases and the JVM's class-loading counters
 * at each, written for {@code stepindex bench-cli} when {@code STEPINDEX_PHASES} names a file;
 * nothing at all otherwise.
 */
package org.stepindex.query.trace;
