// Tests never read a developer's .data directory.
process.env.DATA_DIR ??= `.data-test/${process.pid}`;
process.env.LOG_LEVEL ??= "silent";
