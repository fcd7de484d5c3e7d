package io.decant;

import java.util.List;

/**
 * What {@code uninstall} did.
 *
 * @param store      the control store's name
 * @param migrations the migrations that were registered (each RETIRED)
 * @param tables     the {@code decant_*} tables dropped
 */
public record UninstallResult(String store, List<String> migrations, List<String> tables) {
}
