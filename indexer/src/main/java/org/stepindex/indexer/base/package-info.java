/**
 * The shared plumbing every module stands on: the one user-facing error ({@link
 * org.stepindex.indexer.base.StepIndexException}) and the heap or disk running out ({@link
 * org.stepindex.indexer.base.Exhaustion}), files written aside and renamed into place ({@link
 * org.stepindex.indexer.base.AtomicFiles}, {@link org.stepindex.indexer.base.TempFiles}) and operating-system locks
 * ({@link org.stepindex.indexer.base.LockFile}, {@link org.stepindex.indexer.base.WriterLock}). It holds no data
 * format of stepindex's own and knows nothing of an index's layout: what knows those lives in the packages above it.
 */
package org.stepindex.indexer.base;
