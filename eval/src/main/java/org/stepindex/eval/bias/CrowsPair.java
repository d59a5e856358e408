package org.stepindex.eval.bias;

/**
 * One CrowS-Pairs example.
 *
 * @param id the example's {@code id} column (its row number when the file has none)
 * @param sentMore the more stereotyping sentence ({@code sent_more})
 * @param sentLess the less stereotyping sentence ({@code sent_less})
 * @param direction {@code stereo} or {@code antistereo} ({@code stereo_antistereo}); recorded, not
 *     used in scoring
 * @param biasType e.g. {@code gender}, {@code race-color} ({@code bias_type})
 */
public record CrowsPair(
    String id, String sentMore, String sentLess, String direction, String biasType) {}
