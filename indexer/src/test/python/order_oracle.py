#!/usr/bin/env python3
"""The tests' independent implementation of the training orders stepindex reads (plain python3, no numpy).

Written from GPT-NeoX's megatron/data/gpt2_dataset.py and helpers.cpp (EleutherAI/gpt-neox) and OLMo's
olmo/data/memmap_dataset.py (allenai/OLMo), not from stepindex's Java code. It reads and writes Megatron .idx/.bin
datasets and .npy files with struct and array, and:

  megatron-maps DATA OUT_PREFIX SEQ_LENGTH NUM_SAMPLES SEED FIRST_DOC SAMPLE_DTYPE
      builds GPT-NeoX's three maps for the documents [FIRST_DOC, N) of the unshuffled dataset DATA with the packed
      rule (_build_doc_idx, build_sample_idx, _build_shuffle_idx), a python Random(SEED) in place of numpy's
      RandomState: OUT_PREFIX_doc_idx.npy (int32), OUT_PREFIX_sample_idx.npy (SAMPLE_DTYPE, int32 or int64),
      OUT_PREFIX_shuffle_idx.npy (uint32).
  megatron-materialize DATA MAPS_PREFIX SEQ_LENGTH OUT
      writes every training sample j (GPT2Dataset.__getitem__(j), seq_length + 1 tokens) as sequence j of a
      pre-shuffled Megatron dataset OUT (.idx/.bin, int32 tokens): how Pythia's pre-shuffled files were made.
  olmo-materialize GLOBAL_INDICES DTYPE LENGTH OUT FILE...
      writes instance global_indices[j] of the raw token files FILE... (DTYPE uint16 or uint32, LENGTH tokens an
      instance) as sequence j of a pre-shuffled Megatron dataset OUT (int32 tokens).
  npy FILE DTYPE VALUES
      writes a 1-D .npy file of the comma-separated VALUES.
"""
import array
import random
import struct
import sys

MAGIC = b"MMIDIDX\x00\x00"
CODES = {1: "B", 2: "b", 3: "h", 4: "i", 5: "q", 8: "H"}
NPY = {"int32": ("<i4", "i"), "int64": ("<i8", "q"), "uint32": ("<u4", "I"), "uint16": ("<u2", "H")}


def read_dataset(prefix):
    """(sizes, pointers, dtype letter, bin bytes) of a Megatron dataset."""
    with open(prefix + ".idx", "rb") as f:
        idx = f.read()
    assert idx[:9] == MAGIC, "not a Megatron .idx"
    (version,) = struct.unpack_from("<Q", idx, 9)
    assert version == 1
    code = idx[17]
    n, _ = struct.unpack_from("<QQ", idx, 18)
    sizes = array.array("i")
    sizes.frombytes(idx[34:34 + 4 * n])
    pointers = array.array("q")
    pointers.frombytes(idx[34 + 4 * n:34 + 12 * n])
    with open(prefix + ".bin", "rb") as f:
        data = f.read()
    return list(sizes), list(pointers), CODES[code], data


def get(dataset, doc, offset=0, length=None):
    """indexed_dataset.get: tokens [offset, offset + length) of document doc (length None: to its end)."""
    sizes, pointers, letter, data = dataset
    width = struct.calcsize(letter)
    if length is None:
        length = sizes[doc] - offset
    assert 0 <= offset and 0 <= length and offset + length <= sizes[doc], (doc, offset, length, sizes[doc])
    tokens = array.array(letter)
    start = pointers[doc] + offset * width
    tokens.frombytes(data[start:start + length * width])
    return list(tokens)


def write_dataset(prefix, sequences):
    """A Megatron dataset of int32 tokens, one sequence per document."""
    with open(prefix + ".bin", "wb") as f:
        for seq in sequences:
            f.write(array.array("i", seq).tobytes())
    n = len(sequences)
    sizes = array.array("i", [len(s) for s in sequences])
    pointers = array.array("q")
    at = 0
    for s in sequences:
        pointers.append(at)
        at += 4 * len(s)
    docs = array.array("q", range(n + 1))
    with open(prefix + ".idx", "wb") as f:
        f.write(MAGIC + struct.pack("<QBQQ", 1, 4, n, n + 1))
        f.write(sizes.tobytes() + pointers.tobytes() + docs.tobytes())


def write_npy(path, dtype, values, columns=None):
    """A .npy file, format 1.0, C order: what numpy.save writes."""
    descr, letter = NPY[dtype]
    rows = len(values) // (columns or 1)
    shape = "(%d,)" % rows if columns is None else "(%d, %d)" % (rows, columns)
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * (pad % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1"))
        f.write(array.array(letter, values).tobytes())


def read_npy(path):
    """(values, shape) of a .npy file as write_npy writes it (format 1.0, C order)."""
    with open(path, "rb") as f:
        raw = f.read()
    assert raw[:6] == b"\x93NUMPY"
    (length,) = struct.unpack_from("<H", raw, 8)
    header = raw[10:10 + length].decode("latin1")
    descr = header.split("'descr': '")[1].split("'")[0]
    shape = tuple(int(x) for x in header.split("'shape': (")[1].split(")")[0].split(",") if x.strip())
    letter = {v[0]: v[1] for v in NPY.values()}[descr]
    values = array.array(letter)
    values.frombytes(raw[10 + length:])
    return list(values), shape


def megatron_maps(data, out, seq_length, num_samples, seed, first_doc, sample_dtype):
    dataset = read_dataset(data)
    sizes = dataset[0]
    documents = list(range(first_doc, len(sizes)))
    tokens_per_epoch = sum(sizes[d] for d in documents)
    # _num_epochs: enough epochs that (total - 1) // seq_length reaches num_samples.
    epochs = 0
    total = 0
    while True:
        epochs += 1
        total += tokens_per_epoch
        if (total - 1) // seq_length >= num_samples:
            break
    rng = random.Random(seed)
    doc_idx = documents * epochs  # _build_doc_idx: every epoch's documents, then one shuffle of them all
    rng.shuffle(doc_idx)
    # build_sample_idx: each sample takes seq_length + 1 tokens; the last is the next sample's first.
    samples = (epochs * tokens_per_epoch - 1) // seq_length
    rows = [(0, 0)]
    position, offset = 0, 0
    while len(rows) <= samples:
        remaining = seq_length + 1
        while remaining != 0:
            length = sizes[doc_idx[position]] - offset
            remaining -= length
            if remaining <= 0:
                offset += remaining + length - 1
                remaining = 0
            else:
                position += 1
                offset = 0
        rows.append((position, offset))
    shuffle = list(range(len(rows) - 1))  # _build_shuffle_idx over sample_idx.shape[0] - 1
    rng.shuffle(shuffle)
    write_npy(out + "_doc_idx.npy", "int32", doc_idx)
    write_npy(out + "_sample_idx.npy", sample_dtype, [v for row in rows for v in row], columns=2)
    write_npy(out + "_shuffle_idx.npy", "uint32", shuffle)


def megatron_sample(dataset, doc_idx, sample_idx, shuffle_idx, seq_length, j):
    """GPT2Dataset.__getitem__(j): the sample's tokens, cut or padded with 0 to seq_length + 1."""
    idx = shuffle_idx[j]
    doc_f, offset_f = sample_idx[2 * idx], sample_idx[2 * idx + 1]
    doc_l, offset_l = sample_idx[2 * idx + 2], sample_idx[2 * idx + 3]
    if doc_f == doc_l:
        sample = get(dataset, doc_idx[doc_f], offset=offset_f, length=offset_l - offset_f + 1)
    else:
        sample = get(dataset, doc_idx[doc_f], offset=offset_f)
        for i in range(doc_f + 1, doc_l):
            sample += get(dataset, doc_idx[i])
        sample += get(dataset, doc_idx[doc_l], length=offset_l + 1)
    sample = sample[:seq_length + 1]
    return sample + [0] * (seq_length + 1 - len(sample))


def megatron_materialize(data, maps, seq_length, out):
    dataset = read_dataset(data)
    doc_idx, _ = read_npy(maps + "_doc_idx.npy")
    sample_idx, shape = read_npy(maps + "_sample_idx.npy")
    assert shape[1] == 2
    shuffle_idx, _ = read_npy(maps + "_shuffle_idx.npy")
    write_dataset(out, [megatron_sample(dataset, doc_idx, sample_idx, shuffle_idx, seq_length, j)
                        for j in range(len(shuffle_idx))])


def olmo_materialize(global_indices, dtype, length, out, files):
    letter = NPY[dtype][1]
    chunks = []  # MemMapDataset: each file cut into instances of `length` tokens, numbered on across the files
    for path in files:
        tokens = array.array(letter)
        with open(path, "rb") as f:
            tokens.frombytes(f.read())
        assert len(tokens) % length == 0
        chunks += [list(tokens[i:i + length]) for i in range(0, len(tokens), length)]
    order = array.array("I")
    with open(global_indices, "rb") as f:
        order.frombytes(f.read())
    write_dataset(out, [chunks[i] for i in order])


def main(argv):
    command = argv[1]
    if command == "megatron-maps":
        megatron_maps(argv[2], argv[3], int(argv[4]), int(argv[5]), int(argv[6]), int(argv[7]), argv[8])
    elif command == "megatron-materialize":
        megatron_materialize(argv[2], argv[3], int(argv[4]), argv[5])
    elif command == "olmo-materialize":
        olmo_materialize(argv[2], argv[3], int(argv[4]), argv[5], argv[6:])
    elif command == "npy":
        write_npy(argv[2], argv[3], [int(v) for v in argv[4].split(",") if v])
    else:
        raise SystemExit("unknown command " + command)


if __name__ == "__main__":
    main(sys.argv)
