package org.centralita.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportPreviewTest {

    @Test
    void aWindows1252SemicolonFileIsDetectedWithItsHeaderAliasesAndFirstRows() {
        ImportPreview p =
                ImportPreview.of(Fixtures.spanishWindows1252(), true, ImportOptions.detect(), Fixtures.spanishSpec());

        assertThat(p.encoding()).isEqualTo(Fixtures.WINDOWS_1252);
        assertThat(p.bom()).isFalse();
        assertThat(p.delimiter()).isEqualTo(';');
        assertThat(p.hasHeader()).isTrue();
        assertThat(p.detectedHeader()).isTrue();
        assertThat(p.columns().subList(0, 7))
                .containsExactly("Teléfono", "Nombre", "Nº Cliente", "Técnico", "Fecha visita", "Dirección", "Email");
        assertThat(p.columnOf(ContactField.PHONE)).contains("Teléfono");
        assertThat(p.columnOf(ContactField.NAME)).contains("Nombre");
        assertThat(p.columnOf(ContactField.CUSTOMER_ID)).contains("Nº Cliente");
        assertThat(p.columnOf(ContactField.EMAIL)).contains("Email");
        assertThat(p.fieldOf(0)).contains(ContactField.PHONE);
        assertThat(p.fieldOf(3)).isEmpty();
        assertThat(p.rows()).hasSize(ImportPreview.DEFAULT_ROWS);
        // a quoted field spanning two lines is one record, as the import reads it
        assertThat(p.rows().get(0))
                .containsExactly(
                        "612 34 56 78",
                        "José Martínez Núñez",
                        "C-001",
                        "Íñigo",
                        "12/11/2026",
                        "Calle Mayor 1\n2º B",
                        "jose@example.es");
        assertThat(p.sampleComplete()).isTrue();
    }

    @Test
    void aUtf8FileWithByteOrderMarkIsReadWithoutTheMark() {
        ImportPreview p = ImportPreview.of(Fixtures.usUtf8Bom(), true, ImportOptions.detect(), Fixtures.spanishSpec());

        assertThat(p.encoding()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(p.bom()).isTrue();
        assertThat(p.delimiter()).isEqualTo(',');
        assertThat(p.hasHeader()).isTrue();
        assertThat(p.columns()).containsExactly("phone", "name", "customer id", "language");
        assertThat(p.columnOf(ContactField.PHONE)).contains("phone");
        assertThat(p.columnOf(ContactField.CUSTOMER_ID)).contains("customer id");
        assertThat(p.columnOf(ContactField.LANGUAGE)).contains("language");
        assertThat(p.rows()).hasSize(5);
        assertThat(p.rows().get(0)).containsExactly("(212) 555-0123", "Zoë Smith", "US-1", "en");
        assertThat(p.rows().get(1)).containsExactly("212.555.0124", "O'Brien, Pat", "US-2", "en");
    }

    @Test
    void aTabSeparatedFileWithoutHeaderMapsThePhoneToTheColumnOfNumbers() {
        byte[] file = ("C-1\tAna\t612 34 56 78\n" + "C-2\tLuis\t612 34 56 79\n" + "C-3\tEva\t612 34 56 80\n")
                .getBytes(StandardCharsets.UTF_8);

        ImportPreview p = ImportPreview.of(file, true, ImportOptions.detect(), Fixtures.spanishSpec());

        assertThat(p.encoding()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(p.delimiter()).isEqualTo('\t');
        assertThat(p.hasHeader()).isFalse();
        assertThat(p.detectedHeader()).isFalse();
        assertThat(p.columns()).containsExactly("column 1", "column 2", "column 3");
        assertThat(p.columnOf(ContactField.PHONE)).contains("#3");
        assertThat(p.rows())
                .containsExactly(
                        List.of("C-1", "Ana", "612 34 56 78"),
                        List.of("C-2", "Luis", "612 34 56 79"),
                        List.of("C-3", "Eva", "612 34 56 80"));
    }

    @Test
    void overridesReplaceDetectionAndTheFirstRowBecomesData() {
        ImportPreview p = ImportPreview.of(
                Fixtures.usUtf8Bom(), true, ImportOptions.detect().withHeader(false), Fixtures.spanishSpec());

        assertThat(p.hasHeader()).isFalse();
        assertThat(p.detectedHeader()).isTrue();
        assertThat(p.rows().get(0)).containsExactly("phone", "name", "customer id", "language");
        assertThat(p.columns()).containsExactly("column 1", "column 2", "column 3", "column 4");
    }

    @Test
    void aSliceOfALargerFileLeavesOutItsCutLastLine() {
        byte[] whole = "telefono;nombre\n612345678;Ana\n612345679;Lu".getBytes(StandardCharsets.UTF_8);

        ImportPreview p = ImportPreview.of(whole, false, ImportOptions.detect(), Fixtures.spanishSpec());

        assertThat(p.sampleComplete()).isFalse();
        assertThat(p.rows()).containsExactly(List.of("612345678", "Ana"));
    }

    @Test
    void aFileWithoutPhoneColumnHasNoPhoneMappingInsteadOfFailing() {
        byte[] file = "nombre;ciudad\nAna;Madrid\n".getBytes(StandardCharsets.UTF_8);

        ImportPreview p = ImportPreview.of(file, true, ImportOptions.detect(), Fixtures.spanishSpec());

        assertThat(p.hasHeader()).isTrue();
        assertThat(p.columnOf(ContactField.PHONE)).isEmpty();
        assertThat(p.columnOf(ContactField.NAME)).contains("nombre");
    }

    @Test
    void anExcelWorkbookOrAnEmptyFileIsRefusedLikeTheImportRefusesIt() {
        byte[] xlsx = Arrays.copyOf(new byte[] {'P', 'K', 3, 4}, 64);
        assertThatThrownBy(() -> ImportPreview.of(xlsx, true, ImportOptions.detect(), Fixtures.spanishSpec()))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.failure())
                        .isEqualTo(ImportException.Failure.BINARY_FILE));
        assertThatThrownBy(() -> ImportPreview.of(new byte[0], true, ImportOptions.detect(), Fixtures.spanishSpec()))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.failure())
                        .isEqualTo(ImportException.Failure.EMPTY_FILE));
        assertThatThrownBy(() -> ImportPreview.of(
                        "\r\n\r\n".getBytes(StandardCharsets.UTF_8),
                        true,
                        ImportOptions.detect(),
                        Fixtures.spanishSpec()))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.failure())
                        .isEqualTo(ImportException.Failure.EMPTY_FILE));
    }
}
