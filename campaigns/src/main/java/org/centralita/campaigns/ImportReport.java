package org.centralita.campaigns;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What happened to every row of an upload. {@code rowsRead == accepted + sum(rejected)}; blank lines are not rows.
 * The rejected rows, with line number and reason, are downloadable with {@code Campaigns.exportRejects}.
 *
 * @param encoding the charset used (detected or given)
 * @param delimiter the delimiter used
 * @param hasHeader whether the first row was taken as a header
 * @param mapping the column used for each standard field
 * @param customFields the other columns, kept with each contact
 * @param missingPlaceholders survey placeholders no column provides (agents would see {@code {name}})
 */
public record ImportReport(
        long importId,
        long campaignId,
        long listId,
        String fileName,
        String encoding,
        String delimiter,
        boolean hasHeader,
        Map<ContactField, String> mapping,
        List<String> customFields,
        long rowsRead,
        long blankLines,
        long accepted,
        Map<RejectReason, Long> rejected,
        Set<String> missingPlaceholders,
        long bytesRead,
        long durationMillis) {

    public ImportReport {
        mapping = Map.copyOf(mapping);
        customFields = List.copyOf(customFields);
        EnumMap<RejectReason, Long> r = new EnumMap<>(RejectReason.class);
        r.putAll(rejected);
        rejected = java.util.Collections.unmodifiableMap(r);
        missingPlaceholders = Set.copyOf(missingPlaceholders);
    }

    /** Returns the number of rows rejected for this reason. */
    public long rejected(RejectReason reason) {
        return rejected.getOrDefault(reason, 0L);
    }

    /** Returns the total number of rejected rows (including duplicates and do-not-call matches). */
    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Returns duplicates within the file plus duplicates of numbers already in the campaign. */
    public long duplicates() {
        return rejected(RejectReason.DUPLICATE_IN_FILE) + rejected(RejectReason.DUPLICATE_IN_CAMPAIGN);
    }

    /** Returns the rows scrubbed by the do-not-call list. */
    public long dncMatches() {
        return rejected(RejectReason.DO_NOT_CALL);
    }
}
