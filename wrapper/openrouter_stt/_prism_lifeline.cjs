// Loaded into Prism's node with --require (openrouter_stt.mock): Prism dies with the Python
// process that started it, however that process ends (SIGHUP, SIGKILL, a crash).
//
// Prism's stdin is a pipe whose only write end that Python process holds. The kernel closes
// it when the process ends, for any reason, so end-of-file here means "the parent is gone".
// Prism is then stopped with its whole process group (node started as its leader, so its
// workers go too), and the temporary log is removed, which the parent can no longer do.
"use strict";

const fs = require("node:fs");

// Read once and kept from Prism's children: only the process Python started removes it.
const tempLog = process.env.OPENROUTER_STT_PRISM_TEMP_LOG;
delete process.env.OPENROUTER_STT_PRISM_TEMP_LOG;
let gone = false;

function parentGone() {
  if (gone) return;
  gone = true;
  if (tempLog) {
    try {
      fs.unlinkSync(tempLog);
    } catch {
      // already removed, or never created: nothing to clean up
    }
  }
  try {
    process.kill(-process.pid, "SIGTERM"); // the group: this process and any workers
  } catch {
    // not a group leader (started by hand): this process alone
  }
  process.exit(0); // whether or not Prism handles SIGTERM
}

process.stdin.on("end", parentGone);
process.stdin.on("close", parentGone);
process.stdin.on("error", parentGone);
process.stdin.resume();
