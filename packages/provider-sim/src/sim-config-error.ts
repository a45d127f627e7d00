/** A config the simulator cannot run with; the message names the field and what it must be. */
export class SimConfigError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(field ? `provider-sim config: ${field} ${message}` : `provider-sim config: ${message}`);
    this.name = "SimConfigError";
    this.field = field;
  }
}
