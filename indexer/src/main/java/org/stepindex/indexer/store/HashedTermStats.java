package org.stepindex.indexer.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
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
      closeQuietly(channel);
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
      long[] partitionLengths = partition(terms, bucketBits, shift, parts, partitions);
      long dataLength = 0;
      for (long length : partitionLengths) {
        dataLength += length;
      }
      try (FileChannel channel =
          FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        extend(channel, HEADER + directoryLength + dataLength);
        long dataStart = HEADER + directoryLength;
        long base = 0; // where this partition's records begin in the data
        for (int p = 0; p < partitions; p++) {
          Path part = parts.resolve(Integer.toString(p));
          long[] ends = place(part, 1 << shift, base, partitionLengths[p], channel, dataStart);
          ByteBuffer entries = ByteBuffer.allocate(ends.length * Long.BYTES);
          entries.asLongBuffer().put(ends);
          writeFully(channel, entries, HEADER + ((long) p << shift) * Long.BYTES);
          Files.delete(part);
          base += partitionLengths[p];
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

  /**
   * The first pass: each term's record, after its bucket within its partition, appended to its
   * partition's file; returns each partition's length in the data (its records' bytes).
   */
  private static long[] partition(
      Terms terms, int bucketBits, int shift, Path parts, int partitions) throws IOException {
    long mask = (1L << bucketBits) - 1;
    long[] lengths = new long[partitions];
    DataOutputStream[] out = new DataOutputStream[partitions];
    try {
      for (int p = 0; p < partitions; p++) {
        out[p] =
            new DataOutputStream(
                new BufferedOutputStream(
                    Files.newOutputStream(parts.resolve(Integer.toString(p))), PART_BUFFER));
      }
      Record record = new Record();
      byte[] prefix = new byte[10];
      PostingsEnum postings = null;
      TermsEnum termsEnum = terms.iterator();
      for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
        postings = termsEnum.postings(postings, PostingsEnum.FREQS);
        long bucket = bucket(term) & mask;
        int p = (int) (bucket >>> shift);
        int length = record.of(term, postings);
        int at = putVInt(prefix, 0, (int) (bucket - ((long) p << shift)));
        at = putVInt(prefix, at, length);
        out[p].write(prefix, 0, at);
        out[p].write(record.bytes, 0, length);
        lengths[p] += length;
      }
    } finally {
      for (DataOutputStream stream : out) {
        if (stream != null) {
          stream.close();
        }
      }
    }
    return lengths;
  }

  /**
   * Places one partition's records in its stretch of the data, {@code length} bytes from {@code
   * base}: a read of its file for its buckets' sizes, then another that copies each record to its
   * bucket's cursor. Returns its buckets' ends in the data, as the directory holds them.
   */
  private static long[] place(
      Path part, int buckets, long base, long length, FileChannel channel, long dataStart)
      throws IOException {
    long[] ends = new long[buckets];
    try (DataInputStream in = partReader(part)) {
      for (int local = readVInt(in); local >= 0; local = readVInt(in)) {
        int size = readVInt(in);
        in.skipNBytes(size);
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
        DataInputStream in = partReader(part)) {
      MemorySegment data =
          channel.map(FileChannel.MapMode.READ_WRITE, dataStart + base, length, arena);
      byte[] record = new byte[256];
      for (int local = readVInt(in); local >= 0; local = readVInt(in)) {
        int size = readVInt(in);
        record = ArrayUtil.grow(record, size);
        in.readFully(record, 0, size);
        MemorySegment.copy(record, 0, data, ValueLayout.JAVA_BYTE, ends[local] - base, size);
        ends[local] += size;
      }
      data.force();
    }
    return ends;
  }

  private static DataInputStream partReader(Path part) throws IOException {
    return new DataInputStream(new BufferedInputStream(Files.newInputStream(part), PART_BUFFER));
  }

  /** A vint of a partition's file, or −1 at its end. */
  private static int readVInt(DataInputStream in) throws IOException {
    int value = 0;
    for (int shift = 0; ; shift += 7) {
      int b = in.read();
      if (b < 0) {
        if (shift == 0) {
          return -1;
        }
        throw new EOFException("a partition of the hashed statistics ends inside a number");
      }
      value |= (b & 0x7F) << shift;
      if (b < 0x80) {
        return value;
      }
    }
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

  /** One term's record, encoded into a buffer reused from term to term. */
  private static final class Record {
    private byte[] bytes = new byte[256];
    private byte[] postings = new byte[256];
    private int length;

    /** Encodes {@code term} and its postings; returns the record's length. */
    int of(BytesRef term, PostingsEnum docs) throws IOException {
      int postingsLength = 0;
      int last = 0;
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        postings = ArrayUtil.grow(postings, postingsLength + 10);
        postingsLength = putVInt(postings, postingsLength, doc - last);
        postingsLength = putVInt(postings, postingsLength, docs.freq());
        last = doc;
      }
      bytes = ArrayUtil.grow(bytes, term.length + postingsLength + 10);
      length = putVInt(bytes, 0, term.length);
      System.arraycopy(term.bytes, term.offset, bytes, length, term.length);
      length = putVInt(bytes, length + term.length, postingsLength);
      System.arraycopy(postings, 0, bytes, length, postingsLength);
      length += postingsLength;
      return length;
    }
  }

  private static int putVInt(byte[] out, int at, int value) {
    int position = at;
    int v = value;
    while ((v & ~0x7F) != 0) {
      out[position++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[position++] = (byte) v;
    return position;
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
    int[] at = {0};
    while (at[0] < records.length) {
      int termLength = getVInt(records, at);
      int termStart = at[0];
      at[0] += termLength;
      int postingsLength = getVInt(records, at);
      int postingsEnd = at[0] + postingsLength;
      if (Arrays.equals(
          records,
          termStart,
          termStart + termLength,
          term.bytes,
          term.offset,
          term.offset + term.length)) {
        int doc = 0;
        while (at[0] < postingsEnd) {
          doc += getVInt(records, at);
          postings.accept(doc, getVInt(records, at));
        }
        return true;
      }
      at[0] = postingsEnd;
    }
    return false;
  }

  private static int getVInt(byte[] in, int[] at) {
    int value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = in[at[0]++];
      value |= (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing was read from it
      }
    }
  }
}
