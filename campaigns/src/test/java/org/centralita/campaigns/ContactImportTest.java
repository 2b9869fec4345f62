package org.centralita.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContactImportTest {
    private Database db;
    private Campaigns campaigns;
    private Campaign spanish;

    @BeforeEach
    void setUp() {
        db = TestDatabases.h2();
        campaigns = new Campaigns(db, new MutableClock(Instant.parse("2026-11-23T10:00:00Z")));
        spanish = campaigns.createBlocking(Fixtures.spanishSpec());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private ImportReport importBytes(long campaignId, byte[] bytes, ImportOptions options) {
        return campaigns.importContactsBlocking(
                campaignId, "list.csv", new ByteArrayInputStream(bytes), bytes.length, options, null);
    }

    private long count(String sql) {
        return db.executeBlocking(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private List<Contact> contactsOf(long campaignId) {
        return campaigns.database().executeBlocking(c -> CampaignRepository.contacts(c, campaignId, 0, 1000));
    }

    @Test
    void spanishWindows1252ExportIsImportedWithEveryRowAccountedFor() {
        campaigns.addDoNotCallBlocking("600 000 001", "ES", "api", "asked on the phone");

        ImportReport r = importBytes(spanish.id(), Fixtures.spanishWindows1252(), ImportOptions.detect());

        assertThat(r.encoding()).isEqualTo("windows-1252");
        assertThat(r.delimiter()).isEqualTo(";");
        assertThat(r.hasHeader()).isTrue();
        assertThat(r.mapping())
                .containsEntry(ContactField.PHONE, "Teléfono")
                .containsEntry(ContactField.NAME, "Nombre")
                .containsEntry(ContactField.CUSTOMER_ID, "Nº Cliente")
                .containsEntry(ContactField.EMAIL, "Email");
        assertThat(r.customFields()).containsExactly("Técnico", "Fecha visita", "Dirección");
        assertThat(r.rowsRead()).isEqualTo(16);
        assertThat(r.blankLines()).isEqualTo(2);
        assertThat(r.accepted()).isEqualTo(9);
        assertThat(r.rejected())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        RejectReason.MISSING_PHONE, 1L,
                        RejectReason.INVALID_PHONE, 3L,
                        RejectReason.DUPLICATE_IN_FILE, 1L,
                        RejectReason.UNBALANCED_QUOTES, 1L,
                        RejectReason.DO_NOT_CALL, 1L));
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.dncMatches()).isEqualTo(1);
        assertThat(r.rowsRead()).isEqualTo(r.accepted() + r.rejectedTotal());
        assertThat(r.missingPlaceholders()).isEmpty();

        List<Contact> contacts = contactsOf(spanish.id());
        assertThat(contacts)
                .extracting(Contact::phone)
                .containsExactly(
                        "+34612345678",
                        "+34612345679",
                        "+34612345680",
                        "+34911234567",
                        "+34928123456",
                        "+12125550123",
                        "+442079460958",
                        "+34612345682",
                        "+34612345683");
        Contact jose = contacts.get(0);
        assertThat(jose.name()).isEqualTo("José Martínez Núñez");
        assertThat(jose.lineNo()).isEqualTo(2);
        assertThat(jose.fields())
                .containsEntry("Dirección", "Calle Mayor 1\n2º B")
                .containsEntry("Técnico", "Íñigo");
        assertThat(contacts.get(1).name()).isEqualTo("Pérez, Ana");
        assertThat(contacts.get(2).name()).isEqualTo("Müller Ñoño");
        assertThat(contacts.get(3).timeZone()).isEqualTo("Europe/Madrid");
        assertThat(contacts.get(4).timeZone()).isEqualTo("Atlantic/Canary");
        assertThat(contacts.get(5).timeZone()).isEqualTo("America/New_York");
        assertThat(contacts.get(6).timeZone()).isEqualTo("Europe/London");
        assertThat(jose.timeZone())
                .as("a Spanish mobile may be on the Canaries")
                .isEqualTo("Atlantic/Canary|Europe/Madrid");
        assertThat(contacts.get(7).lineNo())
                .as("the row after the unbalanced quote keeps its line")
                .isEqualTo(15);
        assertThat(contacts.get(8).fields()).containsEntry("column 8", "extra1").containsEntry("column 9", "extra2");
        assertThat(contacts.get(8).email()).isEqualTo("x@y.es");
        assertThat(contacts).allMatch(c -> c.state() == ContactState.READY && c.priority() == 1);
    }

    @Test
    void rejectedRowsAreDownloadableWithLineNumberAndReason() throws Exception {
        campaigns.addDoNotCallBlocking("+34600000001", null, "api", null);
        ImportReport r = importBytes(spanish.id(), Fixtures.spanishWindows1252(), ImportOptions.detect());
        StringWriter out = new StringWriter();

        long n = campaigns.exportRejectsBlocking(r.importId(), out);

        List<CSVRecord> rows = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new java.io.StringReader(out.toString()))
                .getRecords();
        assertThat(n).isEqualTo(7);
        List<String> summary = new ArrayList<>();
        rows.forEach(x -> summary.add(x.get("line") + " " + x.get("reason")));
        assertThat(summary)
                .containsExactly(
                        "6 MISSING_PHONE",
                        "7 INVALID_PHONE",
                        "9 DUPLICATE_IN_FILE",
                        "14 UNBALANCED_QUOTES",
                        "16 DO_NOT_CALL",
                        "17 INVALID_PHONE",
                        "18 INVALID_PHONE");
        assertThat(rows.get(1).get("detail")).isEqualTo("too short ('612 34 56')");
        assertThat(rows.get(2).get("detail")).isEqualTo("same number +34612345678 as line 2");
        assertThat(rows.get(5).get("detail")).isEqualTo("premium-rate number ('803 123 456')");
        assertThat(rows.get(6).get("detail")).isEqualTo("not a phone number ('abc')");
        assertThat(rows.get(3).get("row")).startsWith("\"612 34 56 81;Comilla sin cerrar");
    }

    @Test
    void secondUploadFlagsNumbersAlreadyInTheCampaign() {
        importBytes(spanish.id(), Fixtures.spanishWindows1252(), ImportOptions.detect());
        byte[] second =
                "móvil;nombre\n+34 612 345 678;Ya estaba\n612 99 99 99;Nuevo\n".getBytes(StandardCharsets.UTF_8);

        ImportReport r = importBytes(spanish.id(), second, ImportOptions.detect());

        assertThat(r.encoding()).isEqualTo("UTF-8");
        assertThat(r.rowsRead()).isEqualTo(2);
        assertThat(r.accepted()).isEqualTo(1);
        assertThat(r.rejected()).containsExactlyEntriesOf(Map.of(RejectReason.DUPLICATE_IN_CAMPAIGN, 1L));
        assertThat(count("SELECT COUNT(*) FROM contacts")).isEqualTo(11);
        assertThat(count("SELECT COUNT(*) FROM contact_lists")).isEqualTo(2);
    }

    @Test
    void utf8WithBomAndCommasIsReadForAUsCampaign() {
        Campaign us = campaigns.createBlocking(
                CampaignSpec.of("US survey", Survey.empty(), "US", ZoneId.of("America/New_York")));

        ImportReport r = importBytes(us.id(), Fixtures.usUtf8Bom(), ImportOptions.detect());

        assertThat(r.encoding()).isEqualTo("UTF-8");
        assertThat(r.delimiter()).isEqualTo(",");
        assertThat(r.mapping())
                .containsEntry(ContactField.PHONE, "phone")
                .containsEntry(ContactField.LANGUAGE, "language");
        assertThat(r.rowsRead()).isEqualTo(5);
        assertThat(r.accepted()).isEqualTo(4);
        assertThat(r.rejected()).containsExactlyEntriesOf(Map.of(RejectReason.INVALID_PHONE, 1L));
        List<Contact> contacts = contactsOf(us.id());
        assertThat(contacts)
                .extracting(Contact::phone)
                .containsExactly("+12125550123", "+12125550124", "+16502530000", "+16502530001");
        assertThat(contacts.get(0).name()).isEqualTo("Zoë Smith");
        assertThat(contacts.get(1).name()).isEqualTo("O'Brien, Pat");
        assertThat(contacts.get(2).timeZone()).isEqualTo("America/Los_Angeles");
        assertThat(contacts.get(0).language()).isEqualTo("en");
    }

    @Test
    void tabDelimitedFileWithTimeZoneColumnUsesItAndRejectsUnknownZones() {
        byte[] tsv = ("Móvil\tNombre\tZona horaria\tApellidos\n"
                        + "612 11 11 11\tAna\tEurope/Madrid\tGarcía\n"
                        + "612 11 11 12\tLuis\tMars/Olympus\tPérez\n"
                        + "612 11 11 13\tEva\t\tRuiz\n")
                .getBytes(StandardCharsets.UTF_8);

        ImportReport r = importBytes(spanish.id(), tsv, ImportOptions.detect());

        assertThat(r.delimiter()).isEqualTo("TAB");
        assertThat(r.accepted()).isEqualTo(2);
        assertThat(r.rejected()).containsExactlyEntriesOf(Map.of(RejectReason.INVALID_TIME_ZONE, 1L));
        List<Contact> contacts = contactsOf(spanish.id());
        assertThat(contacts.get(0).timeZone()).isEqualTo("Europe/Madrid");
        assertThat(contacts.get(1).timeZone()).isEqualTo("Atlantic/Canary|Europe/Madrid");
        assertThat(contacts.get(0).name()).isEqualTo("Ana García");
        assertThat(r.mapping()).containsEntry(ContactField.LAST_NAME, "Apellidos");
    }

    @Test
    void fileWithoutHeaderFindsThePhoneColumnByItsContent() {
        byte[] csv = "Ana;612345601\nLuis;612345602\n".getBytes(StandardCharsets.UTF_8);

        ImportReport r = importBytes(spanish.id(), csv, ImportOptions.detect());

        assertThat(r.hasHeader()).isFalse();
        assertThat(r.mapping()).containsEntry(ContactField.PHONE, "column 2");
        assertThat(r.rowsRead()).isEqualTo(2);
        assertThat(r.accepted()).isEqualTo(2);
        assertThat(contactsOf(spanish.id()).get(0).fields()).containsEntry("column 1", "Ana");
    }

    @Test
    void explicitMappingOverridesAliases() {
        byte[] csv = "fijo;contacto;otro\n911234567;Ana;612345678\n".getBytes(StandardCharsets.UTF_8);

        ImportReport r = importBytes(spanish.id(), csv, ImportOptions.detect().withMapping(ContactField.PHONE, "otro"));

        assertThat(r.accepted()).isEqualTo(1);
        assertThat(contactsOf(spanish.id()).get(0).phone()).isEqualTo("+34612345678");
        assertThat(contactsOf(spanish.id()).get(0).fields()).containsEntry("fijo", "911234567");
    }

    @Test
    void encodingCanBeOverridden() {
        byte[] latin1 = "teléfono;nombre\n612345678;Begoña\n".getBytes(StandardCharsets.ISO_8859_1);

        ImportReport r =
                importBytes(spanish.id(), latin1, ImportOptions.detect().withEncoding(StandardCharsets.ISO_8859_1));

        assertThat(r.encoding()).isEqualTo("ISO-8859-1");
        assertThat(contactsOf(spanish.id()).get(0).name()).isEqualTo("Begoña");
    }

    @Test
    void missingPlaceholderColumnsAreReported() {
        byte[] csv = "telefono;nombre\n612345678;Ana\n".getBytes(StandardCharsets.UTF_8);

        ImportReport r = importBytes(spanish.id(), csv, ImportOptions.detect());

        assertThat(r.missingPlaceholders()).containsExactlyInAnyOrder("Fecha visita", "Técnico");
    }

    @Test
    void emptyFileIsRefusedClearly() {
        assertThatThrownBy(() -> importBytes(spanish.id(), new byte[0], ImportOptions.detect()))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.failure())
                        .isEqualTo(ImportException.Failure.EMPTY_FILE))
                .hasMessage("the file is empty");
        byte[] bomAndBlank =
                Fixtures.concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "\r\n\r\n  \n".getBytes());
        assertThatThrownBy(() -> importBytes(spanish.id(), bomAndBlank, ImportOptions.detect()))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.failure())
                        .isEqualTo(ImportException.Failure.EMPTY_FILE));
    }

    @Test
    void binaryFilesAreRefusedClearly() {
        byte[] xlsx = {'P', 'K', 3, 4, 20, 0, 6, 0, 8, 0, 0, 0, 33, 0};
        assertThatThrownBy(() -> importBytes(spanish.id(), xlsx, ImportOptions.detect()))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.failure())
                        .isEqualTo(ImportException.Failure.BINARY_FILE))
                .hasMessageContaining("Excel workbook");
        byte[] random = new byte[4096];
        new java.util.Random(7).nextBytes(random);
        random[0] = 'x';
        assertThatThrownBy(() -> importBytes(spanish.id(), random, ImportOptions.detect()))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.failure())
                        .isEqualTo(ImportException.Failure.BINARY_FILE))
                .hasMessageContaining("binary file");
        assertThat(count("SELECT COUNT(*) FROM contact_lists")).isZero();
    }

    @Test
    void fileWithoutPhoneColumnIsRefusedNamingItsColumns() {
        byte[] csv = "nombre;ciudad\nAna;Madrid\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> importBytes(spanish.id(), csv, ImportOptions.detect()))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.failure())
                        .isEqualTo(ImportException.Failure.NO_PHONE_COLUMN))
                .hasMessageContaining("[nombre, ciudad]");
    }

    @Test
    void uploadOverTheLimitIsRefusedEvenWithoutAKnownLength() {
        byte[] big = Fixtures.generated(200);
        ImportOptions small = ImportOptions.detect().withMaxBytes(1000);

        assertThatThrownBy(() -> importBytes(spanish.id(), big, small))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.failure())
                        .isEqualTo(ImportException.Failure.TOO_LARGE))
                .hasMessageContaining("limit is 1000 bytes");
        assertThatThrownBy(() -> campaigns.importContactsBlocking(
                        spanish.id(), "big.csv", new ByteArrayInputStream(big), -1, small, null))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.failure())
                        .isEqualTo(ImportException.Failure.TOO_LARGE));
        assertThat(count("SELECT COUNT(*) FROM contacts")).isZero();
    }

    @Test
    void invalidUtf8AfterTheSampleFailsCleanlyAndStoresNothing() {
        StringBuilder b = new StringBuilder("telefono;nombre\n");
        for (int i = 0; i < 4000; i++) {
            b.append(String.format("6%08d;Cliente %d%n", 20_000_000 + i, i));
        }
        byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
        byte[] tail = "612000000;Bego\u00f1a\n".getBytes(Fixtures.WINDOWS_1252);

        assertThatThrownBy(() -> importBytes(spanish.id(), Fixtures.concat(head, tail), ImportOptions.detect()))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.failure())
                        .isEqualTo(ImportException.Failure.ENCODING_ERROR))
                .hasMessageContaining("windows-1252");
        assertThat(count("SELECT COUNT(*) FROM contacts")).isZero();
    }

    @Test
    void crashHalfwayThroughAnImportLeavesNoRows() {
        byte[] csv = Fixtures.generated(5000);
        List<ImportProgress> seen = new ArrayList<>();

        assertThatThrownBy(() -> campaigns.importContactsBlocking(
                        spanish.id(),
                        "big.csv",
                        new ByteArrayInputStream(csv),
                        csv.length,
                        ImportOptions.detect(),
                        p -> {
                            seen.add(p);
                            throw new IllegalStateException("simulated crash");
                        }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("simulated crash");

        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).rowsProcessed()).isEqualTo(1000);
        assertThat(count("SELECT COUNT(*) FROM contacts")).isZero();
        assertThat(count("SELECT COUNT(*) FROM contact_lists")).isZero();
        assertThat(count("SELECT COUNT(*) FROM imports")).isZero();
        assertThat(count("SELECT COUNT(*) FROM campaign_zones")).isZero();
    }

    @Test
    void streamFailingMidFileLeavesNoRows() {
        byte[] csv = Fixtures.generated(5000);
        InputStream failing = new InputStream() {
            int pos;

            @Override
            public int read() throws java.io.IOException {
                if (pos >= csv.length / 2) {
                    throw new java.io.IOException("connection reset by peer");
                }
                return csv[pos++] & 0xff;
            }
        };

        assertThatThrownBy(() -> campaigns.importContactsBlocking(
                        spanish.id(), "big.csv", failing, csv.length, ImportOptions.detect(), null))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.failure())
                        .isEqualTo(ImportException.Failure.READ_ERROR))
                .hasMessageContaining("connection reset by peer");
        assertThat(count("SELECT COUNT(*) FROM contacts")).isZero();
    }

    @Test
    void progressReportsRowsAndBytesUpToTheTotal() {
        byte[] csv = Fixtures.generated(3000);
        List<ImportProgress> seen = new ArrayList<>();

        ImportReport r = campaigns.importContactsBlocking(
                spanish.id(), "big.csv", new ByteArrayInputStream(csv), csv.length, ImportOptions.detect(), seen::add);

        assertThat(r.accepted()).isEqualTo(3000);
        assertThat(seen).isNotEmpty();
        ImportProgress last = seen.get(seen.size() - 1);
        assertThat(last.rowsProcessed()).isEqualTo(3000);
        assertThat(last.bytesRead()).isEqualTo(csv.length);
        assertThat(last.fraction()).isEqualTo(1.0);
    }

    @Test
    void doNotCallUploadAddsNumbersAndScrubsExistingContacts() {
        importBytes(spanish.id(), Fixtures.spanishWindows1252(), ImportOptions.detect());
        byte[] dnc =
                "Teléfono;motivo\n612 34 56 78;pidió no llamar\n+34612345678;repetido\nbasura;x\n0034 911 234 567;queja\n"
                        .getBytes(Fixtures.WINDOWS_1252);

        DncImportReport r = campaigns.importDoNotCallBlocking(
                "dnc.csv", new ByteArrayInputStream(dnc), dnc.length, "ES", ImportOptions.detect());

        assertThat(r).isEqualTo(new DncImportReport(4, 2, 1, 1));
        java.util.Optional<DncEntry> entry = db.executeBlocking(c -> Dialing.dncEntry(c, "+34612345678"));
        assertThat(entry).hasValueSatisfying(e -> assertThat(e.source()).isEqualTo("upload"));
        assertThat(contactsOf(spanish.id()))
                .filteredOn(c -> c.state() == ContactState.DNC)
                .extracting(Contact::phone)
                .containsExactlyInAnyOrder("+34612345678", "+34911234567");
    }
}
