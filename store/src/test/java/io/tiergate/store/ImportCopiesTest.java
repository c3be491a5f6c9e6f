package io.tiergate.store;

import io.tiergate.store.hub.HubConfig;
import io.tiergate.store.hub.Sha256;
import io.tiergate.testkit.hub.MinimalGguf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** An import copies the user's file into the store by default; hard-linking is an explicit opt-in. */
class ImportCopiesTest {

    @TempDir Path dir;

    final byte[] original = MinimalGguf.model("llama", 7, 8192, "original template", 4096);
    final byte[] rewritten = MinimalGguf.model("qwen3", 15, 2048, "another template", 1000);

    ModelStore store() {
        return new ModelStore(new StorePaths(dir.resolve("home/models")), HubConfig.defaults(), ModelCatalogue.builtIn());
    }

    Path userFile(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    /** What `>` or an editor saving in place does: same inode, truncated, new bytes. */
    static void rewriteInPlace(Path file, byte[] bytes) throws Exception {
        Object inode = Files.getAttribute(file, "unix:ino");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(bytes));
        }
        assertThat(Files.getAttribute(file, "unix:ino")).as("rewritten in place").isEqualTo(inode);
    }

    List<Path> blobsFolder() throws Exception {
        try (var s = Files.list(dir.resolve("home/models/blobs"))) {
            return s.sorted().toList();
        }
    }

    @Test
    void theUsersFileCanBeRewrittenInPlaceWithoutTouchingTheStoredModel() throws Exception {
        Path file = userFile("model.gguf", original);
        ModelStore store = store();
        ModelManifest m = store.importFile(file, "m");
        String sha = m.files().getFirst().sha256();
        Path blob = store.locate("m").orElseThrow();
        assertThat(sha).isEqualTo(Sha256.of(file));
        assertThat(Files.isSameFile(blob, file)).as("the blob is the store's own copy").isFalse();

        rewriteInPlace(file, rewritten);

        assertThat(blob).hasFileName("sha256-" + sha).hasBinaryContent(original);
        assertThat(Sha256.of(blob)).isEqualTo(sha);
        ModelDetails d = store.show("m"); // the model still loads: its GGUF header is the original one
        assertThat(d.chatTemplate()).isEqualTo("original template");
        assertThat(d.manifest().architecture()).isEqualTo("llama");
        assertThat(d.manifest().files().getFirst().bytes()).isEqualTo(original.length);
    }

    @Test
    void linkIsAnOptInThatSharesTheUsersFileWithTheRiskItDocuments() throws Exception {
        Path file = userFile("model.gguf", original);
        ModelStore store = store();
        ModelManifest m = store.importFile(file, "m", ImportMode.HARD_LINK);
        Path blob = store.locate("m").orElseThrow();
        assertThat(Files.isSameFile(blob, file)).isTrue();
        assertThat(Sha256.of(blob)).isEqualTo(m.files().getFirst().sha256());
        assertThat(blobsFolder()).containsExactly(blob); // the temporary link name is gone

        rewriteInPlace(file, rewritten); // why it is not the default: the blob changes under its sha256 name
        assertThat(Sha256.of(blob)).isNotEqualTo(m.files().getFirst().sha256());
    }

    @Test
    void aSecondImportOfStoredBytesKeepsTheBlobAndLeavesNoTemporaryFile() throws Exception {
        Path file = userFile("model.gguf", original);
        ModelStore store = store();
        store.importFile(file, "first");
        Path blob = store.locate("first").orElseThrow();
        Object inode = Files.getAttribute(blob, "unix:ino");

        store.importFile(file, "second");
        store.importFile(file, "third", ImportMode.HARD_LINK);

        assertThat(blobsFolder()).containsExactly(blob);
        assertThat(Files.getAttribute(blob, "unix:ino")).isEqualTo(inode);
        assertThat(Files.isSameFile(blob, file)).isFalse(); // a blob already stored is not replaced by a link
        assertThat(store.locate("third")).contains(blob);
    }

    @Test
    void reimportingUnderTheSameNameDropsTheBlobItReplacedUnlessAnotherModelUsesIt() throws Exception {
        Path one = userFile("one.gguf", original);
        Path two = userFile("two.gguf", rewritten);
        ModelStore store = store();
        Path oneBlob = store.paths().blob(store.importFile(one, "m").files().getFirst().sha256());

        store.importFile(two, "m");
        assertThat(oneBlob).doesNotExist(); // nothing names it any more: not left behind forever
        assertThat(store.show("m").chatTemplate()).isEqualTo("another template");

        store.importFile(one, "keeper");
        store.importFile(one, "m");
        Path twoBlob = store.paths().blob(Sha256.of(two));
        assertThat(twoBlob).doesNotExist();
        store.importFile(two, "m");
        assertThat(oneBlob).exists(); // "keeper" still names it
        assertThat(store.names()).containsExactly("keeper", "m");
    }

    @Test
    void linkAcrossFileSystemsIsAClearErrorAndStoresNothing() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeThat(Files.isDirectory(shm) && Files.isWritable(shm)).as("a tmpfs at /dev/shm").isTrue();
        Files.createDirectories(dir.resolve("home/models/blobs"));
        assumeThat(Files.getFileStore(shm)).as("another file system than the store's")
                .isNotEqualTo(Files.getFileStore(dir.resolve("home/models/blobs")));
        Path file = Files.createTempFile(shm, "tiergate-import-", ".gguf");
        try {
            Files.write(file, original);
            ModelStore store = store();
            assertThatThrownBy(() -> store.importFile(file, "m", ImportMode.HARD_LINK)).isInstanceOf(ModelStoreException.class)
                    .hasMessageContaining("cannot hard-link " + file)
                    .hasMessageContaining("import without --link to copy the file instead");
            assertThat(blobsFolder()).isEmpty();
            assertThat(store.names()).isEmpty();

            assertThat(store.importFile(file, "m").files().getFirst().sha256()).isEqualTo(Sha256.of(file)); // a copy works
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void linkingThroughARelativeSymbolicLinkLinksTheFileItPointsTo() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real")).resolve("model.gguf");
        Files.write(real, original);
        Path symlink = Files.createSymbolicLink(Files.createDirectories(dir.resolve("links")).resolve("model.gguf"),
                Path.of("../real/model.gguf"));
        ModelStore store = store();

        ModelManifest m = store.importFile(symlink, "m", ImportMode.HARD_LINK);

        Path blob = store.locate("m").orElseThrow();
        assertThat(Files.isSymbolicLink(blob)).as("a link to the symlink would dangle in blobs/").isFalse();
        assertThat(Files.isSameFile(blob, real)).isTrue();
        assertThat(Sha256.of(blob)).isEqualTo(m.files().getFirst().sha256());
    }

    @Test
    void importedBlobsAndManifestsFollowTheUmaskLikeDownloadsNotOwnerOnlyTempFiles() throws Exception {
        ModelStore store = store();
        store.importFile(userFile("model.gguf", original), "m");
        Path blob = store.locate("m").orElseThrow();
        Path reference = Files.createFile(blob.resolveSibling("reference")); // what the umask gives a new file here
        try {
            assertThat(Files.getPosixFilePermissions(blob)).isEqualTo(Files.getPosixFilePermissions(reference));
            assertThat(Files.getPosixFilePermissions(store.paths().manifest("m"))).isEqualTo(Files.getPosixFilePermissions(reference));
        } finally {
            Files.delete(reference);
        }
    }

    @Test
    void temporaryFilesACrashedImportLeftAreDeletedOnceTheyHaveSatUnchanged() throws Exception {
        ModelStore store = store();
        store.importFile(userFile("model.gguf", original), "m");
        Path blobs = store.paths().blobs();
        Path crashed = Files.write(blobs.resolve(".import-left-by-a-crash.tmp"), original);
        Path manifest = store.paths().manifest("m");

        BlobStaging.deleteAbandoned(blobs, BlobStaging.ABANDONED_AFTER);
        assertThat(crashed).as("young: maybe an import still running").exists();

        Thread.sleep(30); // the file's age must exceed the 10 ms given below (file times have ms resolution or better)
        BlobStaging.deleteAbandoned(blobs, java.time.Duration.ofMillis(10));
        assertThat(crashed).doesNotExist();
        assertThat(blobsFolder()).containsExactly(store.locate("m").orElseThrow()); // real blobs are never touched
        assertThat(manifest).exists();
    }
}
