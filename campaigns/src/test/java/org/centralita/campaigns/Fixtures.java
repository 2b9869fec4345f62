package org.centralita.campaigns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;

/** Realistic, nasty contact lists and a satisfaction survey, shared with the dialer and server tests. */
public final class Fixtures {
    private Fixtures() {}

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** A five-question visit survey with placeholders from the Spanish list's columns. */
    public static Survey visitSurvey() {
        return new Survey(
                "Visita técnica",
                "Buenos días {name}, le llamamos de Centralita por la visita del {Fecha visita}.",
                List.of(
                        Question.of("csat", QuestionType.CSAT, "¿Quedó satisfecho con la visita de {Técnico}?"),
                        Question.of("nps", QuestionType.NPS, "¿Nos recomendaría a un amigo?"),
                        Question.of("fcr", QuestionType.YES_NO, "¿Se resolvió su problema en la primera visita?"),
                        Question.choice("punctual", "¿Llegó el técnico a tiempo?", List.of("Sí", "Tarde", "No vino")),
                        new Question("comments", QuestionType.FREE_TEXT, "¿Algo más?", List.of(), false)),
                "fcr");
    }

    public static CampaignSpec spanishSpec() {
        return CampaignSpec.of("Encuesta visitas", visitSurvey(), "ES", ZoneId.of("Europe/Madrid"));
    }

    /**
     * The Spanish Excel export: Windows-1252, {@code ;}, accents, a quoted multi-line address, a blank line, a
     * duplicate, an unbalanced quote, a premium-rate and a garbage number, extra columns and a row of empty cells.
     * With +34600000001 on the do-not-call list: 16 rows, 2 blank lines, 9 accepted, MISSING_PHONE 1, INVALID_PHONE 3,
     * DUPLICATE_IN_FILE 1, UNBALANCED_QUOTES 1, DO_NOT_CALL 1.
     */
    public static final String SPANISH_CSV = String.join(
            "\r\n",
            "Teléfono;Nombre;Nº Cliente;Técnico;Fecha visita;Dirección;Email", // 1
            "612 34 56 78;José Martínez Núñez;C-001;Íñigo;12/11/2026;\"Calle Mayor 1", // 2
            "2º B\";jose@example.es", // 3
            "+34 612 34 56 79;\"Pérez, Ana\";C-002;Begoña;13/11/2026;Av. Óscar 3;ana@example.es", // 4
            "0034 612-345-680;Müller Ñoño;C-003;Iñaki;14/11/2026;;", // 5
            ";Sin Teléfono;C-004;Iñaki;14/11/2026;;", // 6 missing phone
            "612 34 56;Corto;C-005;Iñaki;14/11/2026;;", // 7 too short
            "", // 8 blank
            "612345678;José Martínez (otra vez);C-006;Íñigo;12/11/2026;;", // 9 duplicate of line 2
            "91 123 45 67;Fijo Madrid;C-007;Íñigo;12/11/2026;;", // 10
            "928 123 456;Canario;C-008;Íñigo;12/11/2026;;", // 11 Atlantic/Canary
            "+1 (212) 555-0123;John Smith;C-009;Íñigo;12/11/2026;;", // 12 New York
            "+44 20 7946 0958;Jane Doe;C-010;Íñigo;12/11/2026;;", // 13 London
            "\"612 34 56 81;Comilla sin cerrar;C-011;Iñaki;15/11/2026;;", // 14 unbalanced
            "612 34 56 82;Después de la comilla;C-012;Iñaki;15/11/2026;;", // 15
            "600 000 001;En lista DNC;C-013;Iñaki;15/11/2026;;", // 16 do-not-call
            "803 123 456;Tarificación adicional;C-014;Iñaki;15/11/2026;;", // 17 premium rate
            "abc;Basura;C-015;Iñaki;15/11/2026;;", // 18 not a number
            "612 34 56 83;Columnas extra;C-016;Iñaki;15/11/2026;;x@y.es;extra1;extra2", // 19 extra columns
            ";;;;;;", // 20 blank (only delimiters)
            "");

    public static byte[] spanishWindows1252() {
        return SPANISH_CSV.getBytes(WINDOWS_1252);
    }

    /** A US list: UTF-8 with BOM, commas, numbers in five formats, one fictional (555) number. */
    public static byte[] usUtf8Bom() {
        String csv = "phone,name,customer id,language\n"
                + "\"(212) 555-0123\",Zoë Smith,US-1,en\n"
                + "212.555.0124,\"O'Brien, Pat\",US-2,en\n"
                + "+1 650 253 0000,Lee,US-3,en\n"
                + "1-650-253-0001,Kim,US-4,en\n"
                + "(555) 010-1234,Fictional,US-5,en\n";
        return concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, csv.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /** Generates {@code n} valid, distinct Spanish mobile rows (UTF-8, comma). */
    public static byte[] generated(int n) {
        StringBuilder b = new StringBuilder("telefono,nombre,cliente_id\n");
        for (int i = 0; i < n; i++) {
            b.append(String.format("6%08d", 10_000_000 + i))
                    .append(",Cliente ")
                    .append(i)
                    .append(",ID-")
                    .append(i)
                    .append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
