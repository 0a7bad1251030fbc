/**
 * The right panel's forms: the selected document's fields and the dossier's fields (TT 05/2025),
 * with code lists as selects, Vietnamese dates, the draft's confidence on each field, a "cần kiểm
 * tra" mark below the limit, inline errors (Vietnamese, then English) and the api's own per-field
 * errors. The forms hold no state: edits live in the workspace so `A` can save them before it
 * approves.
 */
import type { FormEvent, ReactNode } from 'react';
import { CODE_LISTS } from '../../../core/domain/code-lists.js';
import { useCodeLists } from '../api/code-lists.js';
import type { CodeEntry } from '../api/types.js';
import { confidenceLevel, formatConfidence } from '../format/format.js';
import type { Bilingual } from '../i18n/i18n.js';
import {
  needsCheck,
  parseInput,
  toInput,
  type Edits,
  type FieldDraft,
  type FormField,
  type InputValue,
  type StoredValue,
} from './fields.js';
import { KeyButton } from './key-button.js';
import { useWsText } from './use-ws-text.js';

/** A message the UI words itself, Vietnamese first then English, as the api words its own. */
export const bilingual = (b: Bilingual): string => `${b.vi} / ${b.en}`;

function CodeSelect({
  id,
  field,
  value,
  onChange,
  describedBy,
  disabled,
  invalid,
  onFocus,
}: {
  id: string;
  field: FormField;
  value: InputValue;
  onChange: (v: InputValue) => void;
  describedBy: string | undefined;
  disabled: boolean;
  invalid: boolean;
  onFocus: () => void;
}) {
  const { w, pick } = useWsText();
  const lists = useCodeLists();
  const name = field.codeList;
  // The api's lists are the reference; the same table compiled into the UI covers the wait.
  const entries: readonly CodeEntry[] =
    name === undefined ? [] : (lists?.[name] ?? CODE_LISTS[name]);
  const multiple = field.kind === 'codes';
  const current = Array.isArray(value) ? value : value;
  const known = new Set(entries.map((e) => e.code));
  const unknown = (Array.isArray(current) ? current : [current]).filter(
    (c) => c !== '' && !known.has(c),
  );
  return (
    <select
      id={id}
      name={field.key}
      multiple={multiple}
      size={multiple ? 4 : undefined}
      value={current}
      disabled={disabled}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      aria-required={field.required || undefined}
      onFocus={onFocus}
      onChange={(e) =>
        onChange(multiple ? [...e.target.selectedOptions].map((o) => o.value) : e.target.value)
      }
    >
      {!multiple && <option value="">{w('ws.choose')}</option>}
      {unknown.map((c) => (
        <option key={`x${c}`} value={c}>
          {c}
        </option>
      ))}
      {entries.map((e) => (
        <option key={e.code} value={e.code}>
          {e.code} · {pick(e)}
        </option>
      ))}
    </select>
  );
}

export interface FieldProps {
  idPrefix: string;
  field: FormField;
  value: InputValue;
  edited: boolean;
  draft: FieldDraft | null;
  threshold: number;
  serverError: string | undefined;
  disabled: boolean;
  focused: boolean;
  onChange: (v: InputValue) => void;
  onFocus: () => void;
}

export function FieldInput(p: FieldProps) {
  const { w, pick } = useWsText();
  const { field } = p;
  const id = `${p.idPrefix}-${field.key}`;
  const parsed = p.edited ? parseInput(field, p.value) : null;
  const error = parsed !== null && !parsed.ok ? bilingual(parsed.error) : p.serverError;
  const low = needsCheck(p.draft, p.threshold, field.required);
  const noteId = `${id}-note`;
  const errId = `${id}-err`;
  const describedBy =
    [p.draft !== null || field.kind === 'date' ? noteId : null, error === undefined ? null : errId]
      .filter((x) => x !== null)
      .join(' ') || undefined;
  const common = {
    id,
    name: field.key,
    disabled: p.disabled,
    'aria-invalid': error !== undefined || undefined,
    'aria-describedby': describedBy,
    'aria-required': field.required || undefined,
    onFocus: p.onFocus,
  };
  const text = Array.isArray(p.value) ? p.value.join(', ') : p.value;

  let input: ReactNode;
  switch (field.kind) {
    case 'code':
    case 'codes':
      input = (
        <CodeSelect
          id={id}
          field={field}
          value={p.value}
          onChange={p.onChange}
          describedBy={describedBy}
          disabled={p.disabled}
          invalid={error !== undefined}
          onFocus={p.onFocus}
        />
      );
      break;
    case 'textarea':
      input = (
        <textarea
          {...common}
          value={text}
          rows={field.key === 'title' || field.key === 'subject' ? 3 : 2}
          onChange={(e) => p.onChange(e.target.value)}
        />
      );
      break;
    case 'date':
    case 'number':
    case 'text':
      // Dates and numbers are typed as text too: parseInput checks them and words the errors.
      input = (
        <input
          {...common}
          type="text"
          inputMode={field.kind === 'text' ? undefined : 'numeric'}
          autoComplete="off"
          placeholder={field.kind === 'date' ? 'dd/mm/yyyy' : undefined}
          value={text}
          onChange={(e) => p.onChange(e.target.value)}
        />
      );
      break;
  }

  return (
    <div
      className={`ws-field${low ? ' ws-field--low' : ''}${p.focused ? ' ws-field--focused' : ''}`}
      data-field={field.key}
      data-low={low || undefined}
    >
      <div className="ws-field__head">
        <label htmlFor={id}>{pick(field.label)}</label>
        {field.required && (
          <span className="ws-field__req" title={w('ws.required')} aria-hidden="true">
            *
          </span>
        )}
        {p.edited && (
          <span className="ws-field__edited" aria-hidden="true">
            ●
          </span>
        )}
      </div>
      {input}
      {(p.draft !== null || field.kind === 'date') && (
        <p className="ws-field__note" id={noteId}>
          {p.draft !== null && (
            <span
              className={`confidence confidence--${confidenceLevel(p.draft.confidence)}`}
              data-testid={`confidence-${field.key}`}
            >
              {w('ws.draftConfidence', { value: formatConfidence(p.draft.confidence) })}
            </span>
          )}
          {low && (
            <span className="ws-check" data-testid={`check-${field.key}`}>
              {' '}
              ⚠ {w('ws.needsCheck')}
            </span>
          )}
          {field.kind === 'date' && <span className="muted"> {w('ws.dateHint')}</span>}
        </p>
      )}
      {error !== undefined && (
        <p className="ws-field__error" id={errId}>
          {error}
        </p>
      )}
    </div>
  );
}

export interface FormProps {
  title: string;
  testId: string;
  idPrefix: string;
  form: readonly FormField[];
  record: Readonly<Record<string, StoredValue | undefined>>;
  draftOf: (field: FormField) => FieldDraft | null;
  edits: Edits;
  threshold: number;
  serverErrors: Readonly<Record<string, string>>;
  disabled: boolean;
  dirty: boolean;
  focusedKey: string | null;
  onEdit: (key: string, value: InputValue) => void;
  onFocusField: (key: string) => void;
  onSave: () => void;
  /** Facts shown above the fields, not edited here */
  facts?: ReactNode;
}

export function FieldsForm(p: FormProps) {
  const { w } = useWsText();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    p.onSave();
  };
  const lowCount = p.form.filter((f) => needsCheck(p.draftOf(f), p.threshold, f.required)).length;
  return (
    <form className="ws-form" data-testid={p.testId} aria-label={p.title} onSubmit={submit}>
      <div className="ws-form__head">
        <h2>{p.title}</h2>
        {lowCount > 0 && <span className="ws-check">{w('ws.lowFields', { count: lowCount })}</span>}
      </div>
      {p.facts}
      {p.form.map((field) => {
        const edit = p.edits[field.key];
        return (
          <FieldInput
            key={field.key}
            idPrefix={p.idPrefix}
            field={field}
            value={edit ?? toInput(field, p.record[field.key])}
            edited={edit !== undefined}
            draft={p.draftOf(field)}
            threshold={p.threshold}
            serverError={p.serverErrors[field.key]}
            disabled={p.disabled}
            focused={p.focusedKey === field.key}
            onChange={(v) => p.onEdit(field.key, v)}
            onFocus={() => p.onFocusField(field.key)}
          />
        );
      })}
      <div className="ws-form__foot">
        {p.dirty && <span className="ws-unsaved">{w('ws.unsaved')}</span>}
        <KeyButton
          type="submit"
          shortcut="Control+S"
          keyLabel="Ctrl+S"
          disabled={p.disabled || !p.dirty}
          data-testid={`${p.testId}-save`}
        >
          {w('ws.save')}
        </KeyButton>
      </div>
    </form>
  );
}
