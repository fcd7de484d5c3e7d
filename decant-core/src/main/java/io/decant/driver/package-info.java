/**
 * How the engines reach a store: a {@link io.decant.driver.StoreDriver} (found through
 * {@code ServiceLoader}) opens a {@link io.decant.driver.StoreConnection}, from which the store's
 * tables ({@code io.decant.store}) and, for a database that holds it, the control store
 * ({@code io.decant.control}) are reached. decant-jdbc implements it for PostgreSQL and
 * MySQL/MariaDB, decant-http for a service's API.
 */
package io.decant.driver;
