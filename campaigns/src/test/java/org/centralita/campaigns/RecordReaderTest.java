package org.centralita.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordReaderTest {
    private static List<RecordReader.Raw> read(String text) throws IOException {
        RecordReader r = new RecordReader(new StringReader(text), ';');
        List<RecordReader.Raw> out = new ArrayList<>();
        RecordReader.Raw x;
        while ((x = r.next()) != null) {
            out.add(x);
        }
        return out;
    }

    @Test
    void quotedFieldsMaySpanLinesAndKeepTheirStartLine() throws IOException {
        List<RecordReader.Raw> recs = read("a;\"b\r\nc\";d\r\ne;\"f\"\"g\"\r\n");
        assertThat(recs).extracting(RecordReader.Raw::lineNo).containsExactly(1L, 3L);
        assertThat(recs.get(0).text()).isEqualTo("a;\"b\nc\";d");
        assertThat(recs.get(1).text()).isEqualTo("e;\"f\"\"g\"");
        assertThat(recs).noneMatch(RecordReader.Raw::unbalanced);
    }

    @Test
    void unbalancedQuoteCostsOneRowEvenInALongFile() throws IOException {
        StringBuilder b = new StringBuilder("\"612000000;roto\n");
        for (int i = 1; i <= 100; i++) {
            b.append("6120000").append(String.format("%02d", i)).append(";ok\n");
        }
        List<RecordReader.Raw> recs = read(b.toString());
        assertThat(recs).hasSize(101);
        assertThat(recs.get(0).unbalanced()).isTrue();
        assertThat(recs.get(0).text()).isEqualTo("\"612000000;roto");
        assertThat(recs.subList(1, 101)).noneMatch(RecordReader.Raw::unbalanced);
        assertThat(recs.get(1).lineNo()).isEqualTo(2);
        assertThat(recs.get(100).lineNo()).isEqualTo(101);
        assertThat(recs.get(100).text()).isEqualTo("6120000100;ok");
    }

    @Test
    void quoteInsideAnUnquotedFieldIsLiteral() throws IOException {
        List<RecordReader.Raw> recs = read("612000000;pantalla 5\" rota\n612000001;x\n");
        assertThat(recs).hasSize(2).noneMatch(RecordReader.Raw::unbalanced);
    }

    @Test
    void byteAtATimeReaderGivesTheSameRecords() throws IOException {
        String text = "a;\"b\nc\";d\r\ne;f\n";
        RecordReader r = new RecordReader(
                new java.io.FilterReader(new StringReader(text)) {
                    @Override
                    public int read(char[] cbuf, int off, int len) throws IOException {
                        return super.read(cbuf, off, Math.min(1, len));
                    }
                },
                ';');
        assertThat(r.next().text()).isEqualTo("a;\"b\nc\";d");
        assertThat(r.next().text()).isEqualTo("e;f");
        assertThat(r.next()).isNull();
    }

    @Test
    void delimiterDetectionPrefersTheConsistentOne() {
        assertThat(CsvSniffer.delimiter("telefono;importe\n612;3,5\n613;4,25\n"))
                .isEqualTo(';');
        assertThat(CsvSniffer.delimiter("phone,name\n1,\"a;b\"\n2,c\n")).isEqualTo(',');
        assertThat(CsvSniffer.delimiter("phone\tname\n1\tb\n")).isEqualTo('\t');
        assertThat(CsvSniffer.delimiter("612345678\n612345679\n")).isEqualTo(',');
    }

    @Test
    void callingWindowsFindTheNextOpeningOverAWeekend() {
        CallingWindows w = CallingWindows.defaults()
                .with(DayOfWeek.SATURDAY, new TimeRange(LocalTime.of(10, 0), LocalTime.of(14, 0)));
        // Friday 21:30 in Madrid -> Saturday 10:00
        assertThat(w.nextOpening(Instant.parse("2026-11-27T20:30:00Z"), "Europe/Madrid"))
                .contains(Instant.parse("2026-11-28T09:00:00Z"));
        // Saturday 15:00 Madrid -> Monday 09:00
        assertThat(w.nextOpening(Instant.parse("2026-11-28T14:00:00Z"), "Europe/Madrid"))
                .contains(Instant.parse("2026-11-30T08:00:00Z"));
        // both zones: Madrid and Canaries -> opens when the Canaries open (09:00 WET = 09:00 UTC)
        assertThat(w.nextOpening(Instant.parse("2026-11-30T07:00:00Z"), "Atlantic/Canary|Europe/Madrid"))
                .contains(Instant.parse("2026-11-30T09:00:00Z"));
    }
}
