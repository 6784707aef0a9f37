package dev.limitto.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  private static List<LineReader.Line> readAll(byte[] input, int maxLineBytes) throws IOException {
    List<LineReader.Line> lines = new ArrayList<>();
    try (LineReader reader = new LineReader(new ByteArrayInputStream(input), maxLineBytes)) {
      for (LineReader.Line l; (l = reader.next()) != null; ) {
        lines.add(l);
      }
    }
    return lines;
  }

  private static List<LineReader.Line> readAll(String input) throws IOException {
    return readAll(input.getBytes(StandardCharsets.UTF_8), 1024);
  }

  @Test
  void nextWhenLinesEndWithNewlineThenReturnsEachLineNumbered() throws IOException {
    assertThat(readAll("a\nbb\n"))
        .containsExactly(new LineReader.Line(1, "a", null), new LineReader.Line(2, "bb", null));
  }

  @Test
  void nextWhenLastLineHasNoNewlineThenReturnsIt() throws IOException {
    assertThat(readAll("a\nb"))
        .containsExactly(new LineReader.Line(1, "a", null), new LineReader.Line(2, "b", null));
  }

  @Test
  void nextWhenInputIsEmptyThenReturnsNoLine() throws IOException {
    assertThat(readAll("")).isEmpty();
  }

  @Test
  void nextWhenLineEndsWithCrLfThenDropsTheCarriageReturn() throws IOException {
    assertThat(readAll("a\r\nb\r\n"))
        .extracting(LineReader.Line::text)
        .containsExactly("a", "b");
  }

  @Test
  void nextWhenLinesAreBlankThenReturnsThemSoThatOutputStaysAligned() throws IOException {
    assertThat(readAll("\n\nx\n")).extracting(LineReader.Line::text).containsExactly("", "", "x");
  }

  @Test
  void nextWhenLineIsNotUtf8ThenReportsThatLineAndGoesOn() throws IOException {
    byte[] input = {'a', '\n', (byte) 0xC3, '(', '\n', 'b', '\n'};
    assertThat(readAll(input, 1024)).containsExactly(
        new LineReader.Line(1, "a", null),
        new LineReader.Line(2, null, LineReader.NOT_UTF8),
        new LineReader.Line(3, "b", null));
  }

  @Test
  void nextWhenLineIsLongerThanLimitThenReportsItAndResumesAtNextLine() throws IOException {
    String input = "abcd\n" + "x".repeat(5) + "\nok\n";
    assertThat(readAll(input.getBytes(StandardCharsets.UTF_8), 4)).containsExactly(
        new LineReader.Line(1, "abcd", null),
        new LineReader.Line(2, null, String.format(LineReader.TOO_LONG, 4)),
        new LineReader.Line(3, "ok", null));
  }

  @Test
  void nextWhenLineOfExactlyTheLimitEndsWithCrLfThenAcceptsIt() throws IOException {
    assertThat(readAll("abcd\r\n".getBytes(StandardCharsets.UTF_8), 4))
        .containsExactly(new LineReader.Line(1, "abcd", null));
  }

  @Test
  void nextWhenLineSpansManyBuffersThenJoinsIt() throws IOException {
    String longLine = "y".repeat(200_000);
    assertThat(readAll((longLine + "\nz\n").getBytes(StandardCharsets.UTF_8), 300_000))
        .extracting(LineReader.Line::text)
        .containsExactly(longLine, "z");
  }

  @Test
  void nextWhenMultiByteCharacterStraddlesBufferBoundaryThenDecodesIt() throws IOException {
    String line = "a".repeat(64 * 1024 - 1) + "\u00e9\u20ac";
    assertThat(readAll((line + "\n").getBytes(StandardCharsets.UTF_8), 1 << 20))
        .extracting(LineReader.Line::text)
        .containsExactly(line);
  }

  @Test
  void nextWhenInputStartsWithByteOrderMarkThenDropsIt() throws IOException {
    assertThat(readAll("\uFEFF{}\n\uFEFF{}\n"))
        .extracting(LineReader.Line::text)
        .containsExactly("{}", "\uFEFF{}");
  }

  @Test
  void hasBufferedInputWhenAllInputConsumedThenFalse() throws IOException {
    try (LineReader reader = new LineReader(
        new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)), 16)) {
      reader.next();
      assertThat(reader.hasBufferedInput()).isTrue();
      reader.next();
      assertThat(reader.hasBufferedInput()).isFalse();
    }
  }
}
