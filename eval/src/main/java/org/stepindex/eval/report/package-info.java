/**
 * Reports from eval and correlate outputs: one self-contained HTML page (figures embedded as base64
 * PNG, tables inline), every figure also as PNG and SVG files, and the tables as CSV. Charts are
 * drawn with JFreeChart and exported to SVG with JFreeSVG; everything renders headless ({@code
 * java.awt.headless=true}).
 */
package org.stepindex.eval.report;
