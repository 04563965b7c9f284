/**
 * The element chosen in the table, in full: its path, and both values whole (the table cuts
 * long ones to a line). Text nodes only.
 */
import type { PreviewRow } from '../../core/deid/preview';
import { describeMarks } from './leakText';
import { ACTION_LABELS } from './tableModel';

export function TagDetails({ row }: { readonly row: PreviewRow | undefined }) {
  if (!row) return <section className="tag-details" aria-label="Chosen element" />;
  return (
    <section className="tag-details" aria-label="Chosen element">
      <p className="detail-head">
        <strong>{row.keyword || row.tag}</strong>{' '}
        <span className="muted">
          {row.kind === 'element' ? `${row.tag} ${row.vr} · ` : ''}
          {ACTION_LABELS[row.action]} · path {row.path}
        </span>
      </p>
      {row.leaks ? (
        <p className="detail-leak">
          Holds {describeMarks(row.leaks)}: why this file was not saved.
        </p>
      ) : null}
      <div className="detail-values">
        <DetailValue label="Original" text={row.originalFull ?? row.originalText} />
        <DetailValue label="De-identified" text={row.newFull ?? row.newText} />
      </div>
    </section>
  );
}

function DetailValue({ label, text }: { readonly label: string; readonly text: string | null }) {
  return (
    <div>
      <h3 className="detail-label">{label}</h3>
      <p className={text === null || text === '' ? 'detail-text muted' : 'detail-text'}>
        {text === null ? 'not present' : text === '' ? '(empty)' : text}
      </p>
    </div>
  );
}
