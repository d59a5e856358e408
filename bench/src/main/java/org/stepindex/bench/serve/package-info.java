/**
 * The load generator behind {@code stepindex bench-serve} ({@link
 * org.stepindex.bench.serve.LoadGenerator}): clients that send HTTP requests to a running server
 * and report requests per second and latency quantiles.
 */
package org.stepindex.bench.serve;
