package io.tiergate.store;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The file-system failures we cannot provoke as root in a test still map to the promised messages. */
class StorageErrorsTest {

    @Test
    void diskFullSaysSoAndNamesThePath() {
        ModelStoreException e = StorageErrors.translate(Path.of("/s/partial/x.part"),
                new FileSystemException("/s/partial/x.part", null, "No space left on device"));
        assertThat(e.getMessage()).startsWith("disk full while writing /s/partial/x.part");
        assertThat(e.code()).contains("store_not_writable");
    }

    @Test
    void permissionDeniedSaysSoAndSuggestsTiergateHome() {
        ModelStoreException e = StorageErrors.translate(Path.of("/s/blobs"), new AccessDeniedException("/s/blobs"));
        assertThat(e.getMessage()).startsWith("permission denied: cannot write /s/blobs").contains("TIERGATE_HOME");
        assertThat(StorageErrors.translate(Path.of("/ro"), new IOException("Read-only file system")).getMessage())
                .startsWith("permission denied");
    }
}
