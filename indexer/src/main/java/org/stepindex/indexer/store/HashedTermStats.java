package org.stepindex.indexer.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StandardDirectoryReader;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.store.InputStreamDataInput;
import org.apache.lucene.store.OutputStreamDataOutput;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.StringHelper;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.TempFiles;

/**
 * One field of the {@link TermStatsTable}, addressed by hash: each term's postings in the table
 * (its documents and their term frequencies) found with two positional reads of one file, a
 * bucket's bounds and then the bucket, whatever the size of the field's dictionary.
 *
 * <p>Why: the table's own lookup walks Lucene's terms index, whose size grows with the dictionary;
 * in a process that has not yet touched those pages, as every short command is, a larger dictionary
 * costs more first touches of mapped pages per lookup. The {@code bigrams} field's dictionary grows
 * with every new word pair (3M pairs at 50M tokens of real text, 21M at 500M), so a 2-word phrase
 * cost more the more data was indexed. Here a lookup costs the same two reads at any size, and
 * reads by {@code pread}, so no page of the file is mapped into the process.
 *
 * <p>The file is {@code DIR/stats/hashed-FIELD.stats}, derived from one commit of the table (one
 * segment): a 64-byte header (magic, version, the table commit's id, its {@code maxDoc}, the number
 * of buckets as a power of two, the number of terms, the data's length and the CRC32C of everything
 * after the header), then each bucket's end in the data (8 bytes a bucket), then the data: per
 * term, {@code vint length, bytes, vint postingsLength, (vint docDelta, vint freq)*}. A term's
 * bucket is its murmur3 hash modulo the bucket count; there are about four terms a bucket. Readers
 * use the file only when it was made from the very commit of the table they read (its id and {@code
 * maxDoc}), and else the table's own lookup, so a stale or missing file costs speed, never
 * exactness. It is written beside its final name and renamed over it, so readers see a whole file,
 * and in bucket order through partition files (see {@link #writeTo}), so neither the heap nor the
 * randomness of its writes grows with the dictionary.
 */
public final class HashedTermStats implements Closeable {
  private static final long MAGIC = 0x5354455048415348L; // "STEPHASH"
  private static final int VERSION = 1;
  private static final int HEADER = 64;
  private static final int TERMS_PER_BUCKET = 4;
  private static final int MAX_BUCKET_BITS = 30;
  private static final int SEED = 0x5eed;

  /**
   * The partitions of a write, as a power of two: at the Pile's size (billions of word pairs) a
   * partition's bucket ends are some 32 MB of heap and its records some hundreds of MB of the file.
   */
  private static final int PARTITION_BITS = 8;

  /** The write buffer of each partition's temporary file, and the read buffer of one. */
  private static final int PART_BUFFER = 1 << 15;

  /** Receives a term's postings in the table, one document at a time. */
  @FunctionalInterface
  public interface Postings {
    /**
     * One document of the table in which the term occurs.
     *
     * @param doc the document in the table's one segment
     * @param freq the term's frequency there (a docFreq or a totalTermFreq of one source)
     */
    void accept(int doc, int freq);
  }

  /** What a file's header says. */
  private record Header(
      byte[] commitId, int maxDoc, int bucketBits, long terms, long dataLength, long crc) {
    long directoryLength() {
      return (long) Long.BYTES << bucketBits;
    }

    long fileLength() {
      return HEADER + directoryLength() + dataLength;
    }

    ByteBuffer encode() {
      ByteBuffer buffer = ByteBuffer.allocate(HEADER);
      buffer.putLong(MAGIC).putInt(VERSION).put(commitId).putInt(maxDoc).putInt(bucketBits);
      buffer.putLong(terms).putLong(dataLength).putLong(crc);
      return buffer.rewind();
    }

    static Header read(FileChannel channel) throws IOException {
      ByteBuffer buffer = ByteBuffer.allocate(HEADER);
      readFully(channel, buffer, 0);
      buffer.flip();
      if (buffer.getLong() != MAGIC) {
        throw new IOException("not a hashed term statistics file");
      }
      int version = buffer.getInt();
      if (version != VERSION) {
        throw new IOException("hashed term statistics of version " + version);
      }
      byte[] id = new byte[StringHelper.ID_LENGTH];
      buffer.get(id);
      return new Header(
          id,
          buffer.getInt(),
          buffer.getInt(),
          buffer.getLong(),
          buffer.getLong(),
          buffer.getLong());
    }
  }

  private final FileChannel channel;
  private final Header header;

  private HashedTermStats(FileChannel channel, Header header) {
    this.channel = channel;
    this.header = header;
  }

  /**
   * The file's name in the table's directory for {@code field} (a field of the shards, not of the
   * table).
   */
  public static String fileName(String field) {
    return "hashed-" + field + ".stats";
  }

  /**
   * Opens the file of {@code field} in {@code tableDir} when it was made from the commit that
   * {@code table} reads; null when there is none, it is of another commit, or it does not read as
   * one (the caller then takes the table's own lookup).
   *
   * @param tableDir the table's directory
   * @param field a field of the shards
   * @param table a reader of the table
   * @return the open file, or null
   */
  public static HashedTermStats open(Path tableDir, String field, DirectoryReader table) {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(tableDir.resolve(fileName(field)), StandardOpenOption.READ);
      Header header = Header.read(channel);
      if (!madeFrom(header, table) || channel.size() != header.fileLength()) {
        channel.close();
        return null;
      }
      return new HashedTermStats(channel, header);
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(channel);
      return null;
    }
  }

  /**
   * What is wrong with the file of {@code field} beside {@code table}, or null when nothing is:
   * missing though the table holds the field, made from another commit, of the wrong length, or
   * failing its checksum (read whole: for {@code verify}, not for queries).
   *
   * @param tableDir the table's directory
   * @param field a field of the shards
   * @param table a reader of the table
   * @return one line, or null
   */
  public static String problem(Path tableDir, String field, DirectoryReader table)
      throws IOException {
    Path file = tableDir.resolve(fileName(field));
    boolean expected = hashable(table, field);
    if (!Files.exists(file)) {
      return expected ? "its hashed " + field + " statistics are missing" : null;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      Header header = Header.read(channel);
      if (!expected || !madeFrom(header, table)) {
        return "its hashed " + field + " statistics were made from another commit of the table";
      }
      if (channel.size() != header.fileLength()) {
        return "its hashed "
            + field
            + " statistics are "
            + channel.size()
            + " bytes, not "
            + header.fileLength();
      }
      if (checksum(channel, header.fileLength()) != header.crc()) {
        return "its hashed " + field + " statistics fail their checksum";
      }
      return null;
    } catch (EOFException e) {
      return "its hashed " + field + " statistics are cut short";
    } catch (IOException e) {
      return "its hashed " + field + " statistics do not read: " + e.getMessage();
    }
  }

  /**
   * Makes the file of {@code field} from {@code table}'s commit, unless the one there already is;
   * removes it when the table does not hold the field in one segment.
   *
   * @param tableDir the table's directory
   * @param field a field of the shards
   * @param table a reader of the table's latest commit
   * @return whether a file was written
   */
  public static boolean write(Path tableDir, String field, DirectoryReader table)
      throws IOException {
    Path file = tableDir.resolve(fileName(field));
    if (!hashable(table, field)) {
      Files.deleteIfExists(file);
      return false;
    }
    try (HashedTermStats current = open(tableDir, field, table)) {
      if (current != null) {
        return false;
      }
    }
    removeDebris(tableDir);
    Path tmp = TempFiles.besides(file);
    try {
      writeTo(tmp, table, field, PARTITION_BITS);
      AtomicFiles.move(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return true;
  }

  /**
   * Removes what a write that was killed left in the table's directory: its partitions and its
   * unfinished file. Writers hold the table's lock, so no other write is under way.
   */
  private static void removeDebris(Path tableDir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(tableDir, ".hashed-*")) {
      for (Path entry : entries) {
        AtomicFiles.deleteTree(entry);
      }
    }
  }

  /** Whether the table holds terms of {@code field}, in the one segment this file can address. */
  private static boolean hashable(DirectoryReader table, String field) throws IOException {
    return table.leaves().size() == 1
        && table.leaves().get(0).reader().terms(TermStatsTable.FIELD_PREFIX + field) != null;
  }

  private static boolean madeFrom(Header header, DirectoryReader table) {
    return table instanceof StandardDirectoryReader commit
        && table.leaves().size() == 1
        && Arrays.equals(header.commitId(), commitId(commit))
        && header.maxDoc() == table.maxDoc();
  }

  private static byte[] commitId(StandardDirectoryReader table) {
    return table.getSegmentInfos().getId();
  }

  /**
   * Writes the file in bucket order without holding the dictionary: one pass over the field's terms
   * appends each term's record, with its bucket, to the temporary file of its partition (a range of
   * buckets, in term order within each); then each partition in turn is read twice, once to find
   * its buckets' sizes and once to place its records, so the file is written front to back and the
   * random writes stay inside one partition's stretch of it. The heap holds a partition's bucket
   * ends (a {@code 2^-PARTITION_BITS} share of the buckets) and the partitions' write buffers.
   *
   * @param partitionBits the partitions, as a power of two; more only lengthen the first pass
   */
  static void writeTo(Path tmp, DirectoryReader table, String field, int partitionBits)
      throws IOException {
    Terms terms = table.leaves().getFirst().reader().terms(TermStatsTable.FIELD_PREFIX + field);
    long termCount = terms.size();
    if (termCount < 0) {
      termCount = 0;
      for (TermsEnum e = terms.iterator(); e.next() != null; ) {
        termCount++;
      }
    }
    int bucketBits = bucketBits(termCount);
    int partitions = 1 << Math.min(partitionBits, bucketBits);
    int shift = bucketBits - Integer.numberOfTrailingZeros(partitions);
    long directoryLength = (long) Long.BYTES << bucketBits;
    Path parts = Files.createTempDirectory(tmp.toAbsolutePath().getParent(), ".hashed-parts");
    try {
      Partitions written = partition(terms, bucketBits, shift, parts, partitions);
      long dataLength = 0;
      for (long length : written.lengths()) {
        dataLength += length;
      }
      try (FileChannel channel =
          FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        extend(channel, HEADER + directoryLength + dataLength);
        long dataStart = HEADER + directoryLength;
        long base = 0; // where this partition's records begin in the data
        for (int p = 0; p < partitions; p++) {
          Path part = parts.resolve(Integer.toString(p));
          long length = written.lengths()[p];
          long[] ends =
              place(part, written.records()[p], 1 << shift, base, length, channel, dataStart);
          ByteBuffer entries = ByteBuffer.allocate(ends.length * Long.BYTES);
          entries.asLongBuffer().put(ends);
          writeFully(channel, entries, HEADER + ((long) p << shift) * Long.BYTES);
          Files.delete(part);
          base += length;
        }
        long crc = checksum(channel, HEADER + directoryLength + dataLength);
        Header header =
            new Header(
                commitId((StandardDirectoryReader) table),
                table.maxDoc(),
                bucketBits,
                termCount,
                dataLength,
                crc);
        writeFully(channel, header.encode(), 0);
        channel.force(true);
      }
    } finally {
      AtomicFiles.deleteTree(parts);
    }
  }

  /** What the first pass wrote to each partition's file. */
  private record Partitions(long[] records, long[] lengths) {}

  /**
   * The first pass: each term's record, after its bucket within its partition and its length,
   * appended to its partition's file; returns each partition's count of records and length in the
   * data (its records' bytes).
   */
  private static Partitions partition(
      Terms terms, int bucketBits, int shift, Path parts, int partitions) throws IOException {
    long mask = (1L << bucketBits) - 1;
    Partitions written = new Partitions(new long[partitions], new long[partitions]);
    OutputStreamDataOutput[] out = new OutputStreamDataOutput[partitions];
    try {
      for (int p = 0; p < partitions; p++) {
        out[p] =
            new OutputStreamDataOutput(
                new BufferedOutputStream(
                    Files.newOutputStream(parts.resolve(Integer.toString(p))), PART_BUFFER));
      }
      Record record = new Record();
      PostingsEnum postings = null;
      TermsEnum termsEnum = terms.iterator();
      for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
        postings = termsEnum.postings(postings, PostingsEnum.FREQS);
        long bucket = bucket(term) & mask;
        int p = (int) (bucket >>> shift);
        int length = record.of(term, termsEnum.docFreq(), postings);
        out[p].writeVInt((int) (bucket - ((long) p << shift)));
        out[p].writeVInt(length);
        out[p].writeBytes(record.bytes, 0, length);
        written.records()[p]++;
        written.lengths()[p] += length;
      }
    } finally {
      IOUtils.close(out);
    }
    return written;
  }

  /**
   * Places one partition's {@code records} in its stretch of the data, {@code length} bytes from
   * {@code base}: a read of its file for its buckets' sizes, then another that copies each record
   * to its bucket's cursor. Returns its buckets' ends in the data, as the directory holds them.
   */
  private static long[] place(
      Path part,
      long records,
      int buckets,
      long base,
      long length,
      FileChannel channel,
      long dataStart)
      throws IOException {
    long[] ends = new long[buckets];
    byte[] record = new byte[256];
    try (InputStreamDataInput in = partReader(part)) {
      for (long r = 0; r < records; r++) {
        int local = in.readVInt();
        int size = in.readVInt();
        // Read, not skipped: the stream's skip may stop at its buffer's end, which Lucene's
        // skipBytes takes for the end of the file.
        record = ArrayUtil.grow(record, size);
        in.readBytes(record, 0, size);
        ends[local] += size;
      }
    }
    long cursor = base;
    for (int b = 0; b < buckets; b++) {
      long size = ends[b];
      ends[b] = cursor; // the bucket's start, its cursor while placing, then its end
      cursor += size;
    }
    if (length == 0) {
      return ends;
    }
    try (Arena arena = Arena.ofConfined();
        InputStreamDataInput in = partReader(part)) {
      MemorySegment data =
          channel.map(FileChannel.MapMode.READ_WRITE, dataStart + base, length, arena);
      for (long r = 0; r < records; r++) {
        int local = in.readVInt();
        int size = in.readVInt();
        record = ArrayUtil.grow(record, size);
        in.readBytes(record, 0, size);
        MemorySegment.copy(record, 0, data, ValueLayout.JAVA_BYTE, ends[local] - base, size);
        ends[local] += size;
      }
      data.force();
    }
    return ends;
  }

  private static InputStreamDataInput partReader(Path part) throws IOException {
    return new InputStreamDataInput(
        new BufferedInputStream(Files.newInputStream(part), PART_BUFFER));
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer, long at)
      throws IOException {
    long position = at;
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
  }

  /** About {@value #TERMS_PER_BUCKET} terms a bucket, so a bucket is a few hundred bytes. */
  static int bucketBits(long terms) {
    int bits = 0;
    while (bits < MAX_BUCKET_BITS && (TERMS_PER_BUCKET << bits) < terms) {
      bits++;
    }
    return bits;
  }

  private static long bucket(BytesRef term) {
    return Integer.toUnsignedLong(
        StringHelper.murmurhash3_x86_32(term.bytes, term.offset, term.length, SEED));
  }

  /**
   * Extends the file to {@code length} by writing zeros, not by a hole: a full disk is then an
   * {@code IOException} here, where a write through the mapping into a hole would fault instead.
   */
  private static void extend(FileChannel channel, long length) throws IOException {
    ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
    for (long at = channel.size(); at < length; ) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), length - at));
      while (zeros.hasRemaining()) {
        at += channel.write(zeros, at);
      }
    }
  }

  /** The CRC32C of the file after its header, read in order. */
  private static long checksum(FileChannel channel, long fileLength) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    for (long at = HEADER; at < fileLength; ) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), fileLength - at));
      readFully(channel, buffer, at);
      buffer.flip();
      at += buffer.remaining();
      crc.update(buffer);
    }
    return crc.getValue();
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long at)
      throws IOException {
    long position = at;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position);
      if (read < 0) {
        throw new EOFException("the file ends at " + position);
      }
      position += read;
    }
  }

  /**
   * One term's record, encoded with Lucene's vints into buffers reused from term to term: a vint
   * takes at most 5 bytes, so a buffer is grown to its bound before it is written.
   */
  private static final class Record {
    private byte[] bytes = new byte[256];
    private byte[] postings = new byte[256];
    private final ByteArrayDataOutput out = new ByteArrayDataOutput();

    /** Encodes {@code term} and its {@code docFreq} postings; returns the record's length. */
    int of(BytesRef term, int docFreq, PostingsEnum docs) throws IOException {
      postings = ArrayUtil.grow(postings, 2 * 5 * docFreq);
      out.reset(postings);
      int last = 0;
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        out.writeVInt(doc - last);
        out.writeVInt(docs.freq());
        last = doc;
      }
      int postingsLength = out.getPosition();
      bytes = ArrayUtil.grow(bytes, 5 + term.length + 5 + postingsLength);
      out.reset(bytes);
      out.writeVInt(term.length);
      out.writeBytes(term.bytes, term.offset, term.length);
      out.writeVInt(postingsLength);
      out.writeBytes(postings, 0, postingsLength);
      return out.getPosition();
    }
  }

  /**
   * Gives {@code term}'s postings in the table to {@code postings}, in document order.
   *
   * @param term a term of the field
   * @param postings receives each document and frequency
   * @return whether the field holds the term
   * @throws IOException when the file cannot be read
   */
  public boolean postings(BytesRef term, Postings postings) throws IOException {
    long bucket = bucket(term) & ((1L << header.bucketBits()) - 1);
    long directoryStart = HEADER;
    long start;
    long end;
    if (bucket == 0) {
      ByteBuffer bound = ByteBuffer.allocate(Long.BYTES);
      readFully(channel, bound, directoryStart);
      start = 0;
      end = bound.getLong(0);
    } else {
      ByteBuffer bounds = ByteBuffer.allocate(2 * Long.BYTES);
      readFully(channel, bounds, directoryStart + (bucket - 1) * Long.BYTES);
      start = bounds.getLong(0);
      end = bounds.getLong(Long.BYTES);
    }
    if (start < 0 || end < start || end > header.dataLength() || end - start > Integer.MAX_VALUE) {
      throw new IOException("the hashed term statistics have a bucket out of bounds");
    }
    byte[] records = new byte[(int) (end - start)];
    readFully(channel, ByteBuffer.wrap(records), HEADER + header.directoryLength() + start);
    try {
      return find(records, term, postings);
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IOException("the hashed term statistics have a damaged bucket", e);
    }
  }

  private static boolean find(byte[] records, BytesRef term, Postings postings) {
    ByteArrayDataInput in = new ByteArrayDataInput(records);
    while (!in.eof()) {
      int termLength = in.readVInt();
      int termStart = in.getPosition();
      in.skipBytes(termLength);
      int postingsLength = in.readVInt();
      int postingsEnd = in.getPosition() + postingsLength;
      if (Arrays.equals(
          records,
          termStart,
          termStart + termLength,
          term.bytes,
          term.offset,
          term.offset + term.length)) {
        int doc = 0;
        while (in.getPosition() < postingsEnd) {
          doc += in.readVInt();
          postings.accept(doc, in.readVInt());
        }
        return true;
      }
      in.setPosition(postingsEnd);
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
