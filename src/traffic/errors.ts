/** Stable codes of the traffic tools' one-line errors (`TRAFFIC_HAR_INVALID: traffic.har: ...`). */
export const TrafficErrorCode = {
  harUnreadable: 'TRAFFIC_HAR_UNREADABLE',
  harInvalid: 'TRAFFIC_HAR_INVALID',
  harUnwritable: 'TRAFFIC_HAR_UNWRITABLE',
  unknownVendor: 'TRAFFIC_UNKNOWN_VENDOR',
  usage: 'TRAFFIC_USAGE',
  portInUse: 'TRAFFIC_PORT_IN_USE',
  contract: 'TRAFFIC_CONTRACT',
} as const;

export class TrafficError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'TrafficError';
  }
}
