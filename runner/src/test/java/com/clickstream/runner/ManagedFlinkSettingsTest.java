package com.clickstream.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runtime properties in the file format Managed Flink hands the application, read by AWS's own library. */
class ManagedFlinkSettingsTest {
  @TempDir Path folder;

  private ManagedFlinkSettings read(String json) throws Exception {
    Path file = Files.writeString(folder.resolve("application_properties.json"), json);
    return ManagedFlinkSettings.from(KinesisAnalyticsRuntime.getApplicationProperties(file.toString()));
  }

  @Test
  void readsTheScriptPathFromItsPropertyGroup() throws Exception {
    ManagedFlinkSettings settings =
        read("[{\"PropertyGroupId\": \"FlinkSqlRunner\", \"PropertyMap\": {\"script.path\": \"s3://bucket/jobs/user-activity.v1.sql\"}}]");
    assertEquals("s3://bucket/jobs/user-activity.v1.sql", settings.scriptPath());
  }

  @Test
  void saysWhichGroupIsMissing() {
    var error = assertThrows(IllegalArgumentException.class, () -> read("[{\"PropertyGroupId\": \"Other\", \"PropertyMap\": {}}]"));
    assertEquals(
        "runtime properties have no property group 'FlinkSqlRunner' (found: [Other]); deploy-jobs sets it with 'script.path'", error.getMessage());
  }

  @Test
  void saysWhichPropertyIsMissing() {
    var error = assertThrows(IllegalArgumentException.class, () -> read("[{\"PropertyGroupId\": \"FlinkSqlRunner\", \"PropertyMap\": {\"script.path\": \" \"}}]"));
    assertEquals(
        "property group 'FlinkSqlRunner' must set 'script.path' to the compiled job's SQL, e.g. s3://bucket/jobs/user-activity.v1.sql",
        error.getMessage());
  }
}
