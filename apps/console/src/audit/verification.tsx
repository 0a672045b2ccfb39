import { type ChangeEvent, useRef, useState } from 'react';
import { ApiError, detailOf, download, get, messageOf, post } from '../api';
import { formatDateTime, formatInteger } from '../format';

interface Finding {
  streamId: string;
  version: number;
  reason: string;
}

/** GET /audit/verify, and the lists POST /audit/verify adds against a checkpoint (api.md). */
interface Verification {
  ok: boolean;
  streams: number;
  events: number;
  broken: Finding[];
  missing?: Finding[];
  added?: Finding[];
  moved?: Finding[];
  checkpoint?: { position: string | null; events: number; signedAt: string; keyId: string };
  atCheckpoint?: { matches: boolean };
}

type VerifyState = { state: 'idle' } | { state: 'busy' } | { state: 'failed'; message: string } | { state: 'done'; verification: Verification; against?: string };

/**
 * The auditor's checks: re-compute every stream's hash chain; take a signed checkpoint to keep
 * outside the system; verify the log against one kept earlier (a file chosen here is read in the
 * browser and sent as the body of POST /audit/verify). One check at a time, and only the last
 * one asked for is shown.
 */
export function Verification({ apiKey }: { apiKey: string }) {
  const [shown, setShown] = useState<VerifyState>({ state: 'idle' });
  const [saved, setSaved] = useState<string | undefined>();
  const latest = useRef(0);
  const check = async (run: () => Promise<VerifyState>) => {
    const asked = ++latest.current;
    setShown({ state: 'busy' });
    let outcome: VerifyState;
    try {
      outcome = await run();
    } catch (error) {
      outcome = { state: 'failed', message: messageOf(error) };
    }
    if (asked === latest.current) setShown(outcome);
  };
  const verify = () => check(async () => ({ state: 'done', verification: await get<Verification>('/audit/verify', apiKey) }));
  const verifyAgainst = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    void check(async () => {
      const answer = await post<Verification>('/audit/verify', apiKey, await file.text());
      if (answer.status === 200) return { state: 'done', verification: answer.body, against: file.name };
      return { state: 'failed', message: `${file.name}: ${new ApiError(answer.status, detailOf(answer.body)).message}` };
    });
  };
  const takeCheckpoint = async () => {
    setSaved(undefined);
    try {
      await download('/audit/checkpoint', apiKey, 'application/json', 'crm-audit-checkpoint.json');
      setSaved('Saved crm-audit-checkpoint.json: keep it outside the system.');
    } catch (error) {
      setSaved(messageOf(error));
    }
  };
  const busy = shown.state === 'busy';
  return (
    <section aria-labelledby="verify-title">
      <h2 id="verify-title">Verify</h2>
      <p className="actions">
        <button type="button" disabled={busy} onClick={() => void verify()}>
          Verify every hash chain
        </button>{' '}
        <button type="button" onClick={() => void takeCheckpoint()}>
          Download a signed checkpoint
        </button>{' '}
        <label className="file">
          Verify against a checkpoint… <input type="file" accept="application/json,.json" disabled={busy} onChange={verifyAgainst} />
        </label>
      </p>
      {saved ? <p role="status">{saved}</p> : null}
      {shown.state === 'busy' ? <p role="status">Verifying…</p> : null}
      {shown.state === 'failed' ? (
        <p role="alert" className="error">
          {shown.message}
        </p>
      ) : null}
      {shown.state === 'done' ? <VerificationResult verification={shown.verification} against={shown.against} /> : null}
    </section>
  );
}

function VerificationResult({ verification, against }: { verification: Verification; against?: string }) {
  const findings = [
    ...verification.broken.map((finding) => ({ ...finding, kind: 'broken' })),
    ...(verification.missing ?? []).map((finding) => ({ ...finding, kind: 'missing' })),
    ...(verification.added ?? []).map((finding) => ({ ...finding, kind: 'added' })),
    ...(verification.moved ?? []).map((finding) => ({ ...finding, kind: 'moved' })),
  ];
  const scope = `${formatInteger(verification.events)} events in ${formatInteger(verification.streams)} streams`;
  return (
    <div data-part="verification" data-ok={String(verification.ok)}>
      <p role="status" className={verification.ok ? 'status-live' : 'status-failed'}>
        {verification.ok ? `Every hash chain holds: nothing was changed in ${scope}` : `The log was changed: ${formatInteger(findings.length)} finding${findings.length === 1 ? '' : 's'} in ${scope}`}
        {against && verification.checkpoint ? `, checked against ${against} (signed ${formatDateTime(verification.checkpoint.signedAt)} at position ${verification.checkpoint.position ?? 'none'})` : ''}.
        {verification.atCheckpoint && !verification.atCheckpoint.matches && findings.length === 0 ? ' What the log holds up to the checkpoint differs from it (events changed places).' : ''}
      </p>
      {findings.length > 0 ? (
        <table aria-label="Findings">
          <thead>
            <tr>
              <th scope="col">Finding</th>
              <th scope="col">Stream</th>
              <th scope="col" className="number">Version</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((finding, i) => (
              <tr key={i} data-finding={finding.kind}>
                <td>{finding.kind}</td>
                <td>{finding.streamId}</td>
                <td className="number">{finding.version}</td>
                <td className="wrap">{finding.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
