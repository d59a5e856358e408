/**
 * The shared plumbing every module stands on: the one user-facing error ({@link
 * org.stepindex.indexer.base.StepIndexException}) and the heap or disk running out ({@link
 * org.stepindex.indexer.base.Exhaustion}), files written aside and renamed into place ({@link
 * org.stepindex.indexer.base.AtomicFiles}, {@link org.stepindex.indexer.base.TempFiles}),
 * operating-system locks ({@link org.stepindex.indexer.base.LockFile}, {@link
 * org.stepindex.indexer.base.WriterLock}), the one JSON mapper ({@link
 * org.stepindex.indexer.base.Json}) and the one CSV reader and writer ({@link
 * org.stepindex.indexer.base.Csv}). It holds no data format of stepindex's own and knows nothing of
 * an index's layout: what knows those lives in the packages above it.
 */
package org.stepindex.indexer.base;
