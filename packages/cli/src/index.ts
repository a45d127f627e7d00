// What other packages (tests, benchmarks) use of the CLI: starting and stopping the lab.
export { startLab, type LabServer, type StartLabOptions } from "./commands/lab-server.js";
export { LabError, type LabErrorCode } from "./commands/lab-error.js";
