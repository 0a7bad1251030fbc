/**
 * One `sohoa-agent doctor` finding; `message` is "Vietnamese / English". Its own file because
 * doctor.ts and doctor-scanner.ts both use it.
 */
export interface DoctorCheck {
  id:
    | 'server'
    | 'token'
    | 'transport'
    | 'token-file'
    | 'disk'
    | 'outbox'
    | 'inbox'
    | 'clock'
    | 'scanner'
    | 'scanner-device';
  status: 'ok' | 'warn' | 'fail';
  message: string;
}
