package org.stepindex.corpora;

import org.stepindex.indexer.base.StepIndexException;

/**
 * The shape of a {@link StudyCorpus}: its size in Pythia's terms, and the three kinds of text it
 * mixes.
 *
 * @param sequences number of training sequences
 * @param seqLength tokens per sequence (inputs + 1, as Pythia's 2049)
 * @param batchSize sequences per training step
 * @param seed random seed; the same options give byte-identical files
 * @param arithmetic the arithmetic questions
 * @param facts the facts about invented entities
 * @param gendered the text that ties occupations to pronouns
 */
public record StudyOptions(
    long sequences,
    int seqLength,
    int batchSize,
    long seed,
    Arithmetic arithmetic,
    Facts facts,
    Gendered gendered) {

  public StudyOptions {
    if (sequences < 1 || seqLength < 16 || batchSize < 1) {
      throw new StepIndexException(
          "study corpus needs --sequences >= 1, --seq-length >= 16 and --batch-size >= 1");
    }
    if (arithmetic == null || facts == null || gendered == null) {
      throw new IllegalArgumentException("arithmetic, facts and gendered options are required");
    }
    if (arithmetic.share() + facts.share() > 1) {
      throw new StepIndexException(
          "arithmetic and fact shares add up to "
              + (arithmetic.share() + facts.share())
              + "; they must be <= 1"
              + " (the rest of the documents are gendered text)");
    }
  }

  /**
   * Arithmetic documents: lines {@code Q:What is {x1} plus {x2}? A: {y}} (and {@code times} when
   * asked), the few-shot eval's own wording, joined by blank lines.
   *
   * @param x1Min smallest first operand, {@code >= 0}
   * @param x1Max largest first operand; {@code x1Min + r} has Zipf rank {@code r}, so the smallest
   *     is the most frequent
   * @param x2Min smallest second operand, {@code >= 0}
   * @param x2Max largest second operand; second operands are uniform
   * @param exponent Zipf exponent over first operands ({@code 0} is uniform)
   * @param times whether half of the questions are {@code times} instead of {@code plus}
   * @param share fraction of documents that are arithmetic, in {@code [0, 1]}
   */
  public record Arithmetic(
      int x1Min, int x1Max, int x2Min, int x2Max, double exponent, boolean times, double share) {
    /** The largest number any question or answer holds: bounds the tokenizer's number words. */
    static final int LARGEST_NUMBER = 9_999;

    public Arithmetic {
      if (x1Min < 0 || x1Max < x1Min || x2Min < 0 || x2Max < x2Min) {
        throw new StepIndexException(
            "arithmetic operand ranges must be non-empty and non-negative, got x1 "
                + x1Min
                + ".."
                + x1Max
                + ", x2 "
                + x2Min
                + ".."
                + x2Max);
      }
      if ((long) x1Max + x2Max > LARGEST_NUMBER
          || (times && (long) x1Max * x2Max > LARGEST_NUMBER)) {
        throw new StepIndexException(
            "arithmetic answers must stay <= " + LARGEST_NUMBER + "; use smaller operands");
      }
      checkExponentAndShare("arithmetic", exponent, share);
    }

    /** The largest answer. */
    int largestAnswer() {
      return Math.max(x1Max + x2Max, times ? x1Max * x2Max : 0);
    }
  }

  /**
   * Fact documents about invented entities: {@code The capital of Zorbia is Quelmar.} and {@code
   * Q:What is the capital of Zorbia? A: Quelmar}, entity by Zipf rank.
   *
   * @param entities evaluated entities (one question each in {@code questions.jsonl})
   * @param shotEntities further entities whose questions are the few-shot examples ({@code
   *     shots.jsonl}); their facts are in the corpus too, at ranks spread over the range
   * @param exponent Zipf exponent over all entities' ranks
   * @param share fraction of documents that are facts, in {@code [0, 1]}
   */
  public record Facts(int entities, int shotEntities, double exponent, double share) {
    public Facts {
      if (entities < 1 || shotEntities < 0 || entities + shotEntities > EntityFacts.MAX_ENTITIES) {
        throw new StepIndexException(
            "facts need 1 to "
                + EntityFacts.MAX_ENTITIES
                + " entities in all (evaluated + shots), got "
                + entities
                + " + "
                + shotEntities);
      }
      checkExponentAndShare("fact", exponent, share);
    }
  }

  /**
   * Ordinary sentences about people at work ({@code The nurse said that she was tired.}), the rest
   * of the documents.
   *
   * @param stereotype probability that a pronoun agrees with its occupation's stereotyped gender,
   *     in {@code [0, 1]} (0.5 is no association)
   */
  public record Gendered(double stereotype) {
    public Gendered {
      if (!(stereotype >= 0 && stereotype <= 1)) {
        throw new StepIndexException("stereotype strength must be in [0, 1], got " + stereotype);
      }
    }
  }

  private static void checkExponentAndShare(String what, double exponent, double share) {
    if (!(exponent >= 0 && exponent <= 10)) {
      throw new StepIndexException(what + " Zipf exponent must be in [0, 10], got " + exponent);
    }
    if (!(share >= 0 && share <= 1)) {
      throw new StepIndexException(what + " share must be in [0, 1], got " + share);
    }
  }

  /**
   * The "mini-Pythia in minutes" corpus: 12,288 sequences of 129 tokens, 16 per step (768 steps,
   * 1.59M tokens).
   *
   * <p>Sized by training speed on a 2-core CPU ({@code stepindex bench-train}, batch 16 × 129):
   * preset {@code tiny} ≈ 20k tokens/s, {@code mini} ≈ 10k tokens/s, so both sizes plus a swapped
   * re-run of the last quarter train in ≈ 4.5 minutes, leaving the rest of a 10-minute budget to
   * indexing, evaluation and the report. About 47% of the tokens are arithmetic: operands 0–19 with
   * exponent 1.5 give each fact of the most frequent first operand ≈ 5,000 sightings and each of
   * the rarest ≈ 60 (seed 42). Facts are 29%: 108 entities with exponent 1.2 put the top entity
   * with its value in ≈ 6,000 sequences and the tail in ≈ 40, two decades of the correlation's bins
   * (more at the early checkpoints). The rest is gendered text, ≈ 27,000 sentences with a pronoun.
   * At every checkpoint the head is learned before the tail, which is the effect the Spearman ρ,
   * the Δ and the bins measure.
   */
  public static StudyOptions demo() {
    return new StudyOptions(
        12_288,
        129,
        16,
        42,
        new Arithmetic(0, 19, 1, 5, 1.5, false, 0.4),
        new Facts(100, 8, 1.2, 0.35),
        new Gendered(0.9));
  }

  /**
   * A corpus for the under-a-minute run and for tests: 1,024 sequences of 65 tokens, 8 per step
   * (128 steps).
   */
  public static StudyOptions quick() {
    return new StudyOptions(
        1_024,
        65,
        8,
        42,
        new Arithmetic(0, 9, 1, 3, 1.5, false, 0.4),
        new Facts(24, 4, 1.2, 0.35),
        new Gendered(0.9));
  }

  /** These options with another size. */
  public StudyOptions withSize(long sequences, int seqLength, int batchSize) {
    return new StudyOptions(sequences, seqLength, batchSize, seed, arithmetic, facts, gendered);
  }

  /** These options with another seed. */
  public StudyOptions withSeed(long seed) {
    return new StudyOptions(sequences, seqLength, batchSize, seed, arithmetic, facts, gendered);
  }

  /** Steps in the corpus (a trailing partial batch counts as a step). */
  public long steps() {
    return (sequences + batchSize - 1) / batchSize;
  }
}
