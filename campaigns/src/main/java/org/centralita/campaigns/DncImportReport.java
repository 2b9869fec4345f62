package org.centralita.campaigns;

/**
 * Result of a do-not-call upload.
 *
 * @param rowsRead data rows read
 * @param added numbers newly listed
 * @param alreadyListed numbers that were already on the list (or repeated in the file)
 * @param invalid rows without a valid number
 */
public record DncImportReport(long rowsRead, long added, long alreadyListed, long invalid) {}
