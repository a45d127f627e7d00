import { DiscernusError } from "@discernus/gateway";

/** A notebook could not be executed or reproduced, for a reason its reader can fix (the message names it). */
export class NotebookRunError extends DiscernusError {
  constructor(message: string) {
    super("invalid_request", message);
  }
}
