package io.decant.service;

/**
 * How much one call may ask of the service.
 *
 * @param maxRequestBytes the largest JSON request body
 * @param maxLoadBytes    the largest streamed body of a bulk load
 * @param maxKeysPerCall  the most keys or rows one read, upsert or delete names
 */
record ServiceLimits(long maxRequestBytes, long maxLoadBytes, int maxKeysPerCall) {
    static final ServiceLimits DEFAULT = new ServiceLimits(16L << 20, 1L << 30, 10_000);

    ServiceLimits {
        if (maxRequestBytes < 1024 || maxLoadBytes < 1024 || maxKeysPerCall < 1) {
            throw new IllegalArgumentException("limits too small: " + maxRequestBytes + ", " + maxLoadBytes + ", " + maxKeysPerCall);
        }
    }
}
