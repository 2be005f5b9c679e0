package io.mpathvx.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** The bearer token for the TCP API: read from a file only its owner can read (as ssh treats private keys). */
final class ApiToken {
    private ApiToken() {
    }

    static String read(String file) throws IOException {
        if (file == null) throw new IOException("--api needs --api-token-file FILE (a token in a mode 0600 file)");
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) throw new IOException(file + ": no such file");
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> others = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE);
        perms.retainAll(others);
        if (!perms.isEmpty()) throw new IOException(file + ": must be readable by its owner only (chmod 600)");
        String token = Files.readString(p).strip();
        if (token.isEmpty()) throw new IOException(file + ": empty token");
        if (token.length() < 16) throw new IOException(file + ": token shorter than 16 characters");
        return token;
    }
}
