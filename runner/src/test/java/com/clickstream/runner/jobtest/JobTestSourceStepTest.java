package com.clickstream.runner.jobtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobTestSourceStepTest {
  @Test
  void aRecordStepCarriesItsTextsUtf8BytesEvenWhenTheyAreNotJson() {
    SourceStep step = SourceStep.parse("{\"record\": \"{not json \\u00e9\"}");

    assertTrue(step.isRecord());
    assertArrayEquals("{not json é".getBytes(StandardCharsets.UTF_8), step.record());
  }

  @Test
  void aWatermarkStepCarriesItsEpochMillis() {
    SourceStep step = SourceStep.parse("{\"watermark\": 1704067260000}");

    assertFalse(step.isRecord());
    assertEquals(1704067260000L, step.watermark());
  }

  @Test
  void anythingElseIsRefusedSayingWhatWasExpected() {
    for (String line : new String[] {
        "", "   ", "[]", "\"x\"", "{}", "{\"record\": 1}", "{\"watermark\": 1.5}", "{\"watermark\": \"1\"}",
        "{\"watermark\": 99999999999999999999}", "{\"record\": \"a\", \"watermark\": 1}", "{\"record\": \"a\"} {\"record\": \"b\"}", "{\"record\": "}) {
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> SourceStep.parse(line), line);
      assertEquals(SourceStep.EXPECTED + ", got: " + line, error.getMessage());
    }
  }

  @Test
  void aFactoryValidationMessageIsMadeOneLine() {
    assertEquals("Unsupported options found for 'job-test-sink'. Unsupported options: paht. Supported options: connector, format, path",
        JobTestOptions.oneLine("Unsupported options found for 'job-test-sink'.\n\nUnsupported options:\n\npaht\n\nSupported options:\n\nconnector\nformat\npath"));
  }
}
