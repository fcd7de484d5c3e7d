package io.decant.config;

import io.decant.DecantException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A store Decant connects to: a database, or a service's API. The password is never printed:
 * {@link #toString()} masks it.
 *
 * @param name     the store's name in {@code stores:}
 * @param url      a {@code jdbc:postgresql:}, {@code jdbc:mariadb:} or {@code jdbc:mysql:} URL, or the
 *                 {@code http://} / {@code https://} base URL of a service serving Decant's store
 *                 protocol (decant-http); null for a store the application binds to its own
 *                 {@code DataSource} ({@code Decant.Builder#dataSource}), which {@code open()} checks
 * @param user     the user, or null to take it from the URL
 * @param password the password, or null; for a service's API, its bearer token
 * @param poolSize the most connections Decant opens to this store
 * @param readTimeout for a service's API: how long a reply may stay silent, before it starts and in
 *                 the middle of its body, before the call counts as failed (a database's timeouts
 *                 go in its JDBC URL)
 * @param timeZone the zone whose wall-clock times this store's date-time columns without a zone
 *                 ({@code DATETIME}, PostgreSQL's {@code timestamp}) hold; UTC by default. Decant
 *                 reads such a value as the instant it is in this zone, writes an instant as its
 *                 wall time in this zone, and compares both stores by instant.
 */
public record StoreConfig(String name, String url, String user, String password, int poolSize, Duration readTimeout,
        ZoneId timeZone) {
    public static final int DEFAULT_POOL_SIZE = 8;
    /** A digest of a large span is computed before its reply starts: minutes are normal. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(10);

    public StoreConfig {
        Identifiers.name(name, "stores");
        if (url != null && url.isBlank()) {
            throw urlRequired(name);
        }
        if (url != null && !(url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")
                || url.startsWith("http://") || url.startsWith("https://"))) {
            throw DecantException.badConfig("stores." + name + ".url: '" + redactUrl(url)
                    + "' is not a supported JDBC URL nor a service's URL; it must start with jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:,"
                    + " or be a service's http:// or https:// URL");
        }
        if (poolSize < 1 || poolSize > 256) {
            throw DecantException.badConfig("stores." + name + ".pool-size: " + poolSize + " is out of range (1 to 256)");
        }
        if (readTimeout == null) {
            readTimeout = DEFAULT_READ_TIMEOUT;
        }
        if (readTimeout.toMillis() < 1 || readTimeout.compareTo(Duration.ofDays(1)) > 0) {
            throw DecantException.badConfig("stores." + name + ".read-timeout: " + readTimeout + " is out of range (1ms to 24h)");
        }
        timeZone = timeZone == null ? ZoneOffset.UTC : timeZone.normalized();
    }

    public StoreConfig(String name, String url, String user, String password, int poolSize, Duration readTimeout) {
        this(name, url, user, password, poolSize, readTimeout, ZoneOffset.UTC);
    }

    public StoreConfig(String name, String url, String user, String password, int poolSize) {
        this(name, url, user, password, poolSize, DEFAULT_READ_TIMEOUT);
    }

    public StoreConfig(String name, String url, String user, String password) {
        this(name, url, user, password, DEFAULT_POOL_SIZE);
    }

    /**
     * The error of a store that has neither a url nor a DataSource bound by the application (BAD_CONFIG,
     * naming the store).
     */
    public static DecantException urlRequired(String name) {
        return DecantException.badConfig("stores." + name + ".url: a JDBC URL is required,"
                + " like jdbc:postgresql://127.0.0.1:5432/orders or jdbc:mariadb://127.0.0.1:3306/shop"
                + " (or a service's http:// or https:// URL); an application may instead bind the store to its own"
                + " DataSource: Decant.builder(config).dataSource(\"" + name + "\", dataSource), or decant.stores." + name
                + ".data-source in Spring Boot");
    }

    /** Whether the configuration gives a url (else the application binds the store to its own DataSource). */
    public boolean hasUrl() {
        return url != null;
    }

    /** Whether this store is a service's API (Decant's store protocol over HTTP) rather than a database. */
    public boolean isHttp() {
        return url != null && (url.startsWith("http://") || url.startsWith("https://"));
    }

    /** Whether this store's zone-less date-times are UTC wall times (the default), so no value needs converting. */
    public boolean timeZoneIsUtc() {
        return timeZone.equals(ZoneOffset.UTC);
    }

    /** The URL with any password parameter masked, safe to print. */
    public String safeUrl() {
        return url == null ? "(the application's DataSource)" : redactUrl(url);
    }

    static String redactUrl(String url) {
        return url.replaceAll("(?i)((?:password|token|access_token)=)[^&;]*", "$1***").replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
    }

    @Override
    public String toString() {
        return "StoreConfig[name=" + name + ", url=" + safeUrl() + ", user=" + user
                + ", password=" + (password == null ? "none" : "***") + ", poolSize=" + poolSize
                + (readTimeout.equals(DEFAULT_READ_TIMEOUT) ? "" : ", readTimeout=" + readTimeout)
                + (timeZoneIsUtc() ? "" : ", timeZone=" + timeZone) + "]";
    }
}
