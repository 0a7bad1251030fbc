/**
 * The dossier workspace at `/review/:code`: page thumbnails grouped by document on the left, the
 * page viewer with OCR boxes in the centre, the document and dossier forms on the right, and the
 * actions bar (approve, reject, return) on top. Keyboard-first: see keymap.ts. Every write sends
 * the dossier version last seen and answers with the whole workspace, which replaces the one on
 * screen; a 409 `dossier.version_conflict` offers to reload. A document the person's role may not
 * read (access/access.ts, as the api decides) shows a notice instead of its pages and fields.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { draftModes } from '../../../core/domain/access.js';
import { mayReadDraft } from '../access/access.js';
import { RestrictedNotice } from '../access/restricted.js';
import { ApiError, fieldErrors } from '../api/client.js';
import { ErrorPanel, useDocumentTitle } from '../components/feedback.js';
import { mayReview } from '../session/roles.js';
import { useCurrentUser } from '../session/session-provider.js';
import '../styles/workspace.css';
import {
  approveDossier,
  getWorkspace,
  patchDocument,
  patchDossier,
  putStructure,
  rejectDossier,
  returnDossier,
} from './api.js';
import { AuditPanel } from './audit-panel.js';
import { ActionsBar } from './actions-bar.js';
import { ActionAlert, DoneBanner, WorkspaceHeader } from './banners.js';
import { isBox } from './boxes.js';
import { HelpDialog, RejectDialog, ReturnDialog, ShortcutList } from './dialogs.js';
import {
  documentDraft,
  documentRecord,
  DOCUMENT_FORM,
  dossierDraft,
  dossierRecord,
  DOSSIER_FORM,
  formPatch,
  isDirty,
  needsCheck,
  nextInCycle,
  type Edits,
  type InputValue,
} from './fields.js';
import { FieldsForm } from './forms.js';
import { actionFor, isTypingTarget, type ShortcutAction } from './keymap.js';
import { loosePages, structureBody, type StructureEdit } from './structure.js';
import type { Box, RejectReason, Workspace as WorkspaceData } from './types.js';
import { usePresence } from './use-presence.js';
import { useWsText } from './use-ws-text.js';
import { Thumbnails } from './thumbnails.js';
import { PageViewer, ZOOM_STEP, type ViewerHandle } from './viewer.js';

type Dialog = 'reject' | 'return' | 'help' | null;
type Focus = { scope: 'doc' | 'dossier'; key: string };

const DOC_PREFIX = 'ws-doc';
const DOSSIER_PREFIX = 'ws-dossier';
const CATALOGUE_POLL_MS = 4000;

/** Pages in the order the thumbnails show them: documents first, then loose pages. */
const pageOrder = (ws: WorkspaceData): string[] => [
  ...ws.documents.flatMap((d) => d.pageIds),
  ...loosePages(ws),
];

const docOfPage = (ws: WorkspaceData, pageId: string | null) =>
  pageId === null ? undefined : ws.documents.find((d) => d.pageIds.includes(pageId));

export function Workspace({ code }: { code: string }) {
  const { w } = useWsText();
  const user = useCurrentUser();
  useDocumentTitle(w('ws.title', { code }));

  const [ws, setWs] = useState<WorkspaceData | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const [pageId, setPageId] = useState<string | null>(null);
  const [docEdits, setDocEdits] = useState<Readonly<Record<string, Edits>>>({});
  const [dossierEdits, setDossierEdits] = useState<Edits>({});
  const [serverErrors, setServerErrors] = useState<
    Readonly<Record<string, Record<string, string>>>
  >({});
  const [focus, setFocus] = useState<Focus | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [failure, setFailure] = useState<{ error: unknown; conflict: boolean } | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [returnedTo, setReturnedTo] = useState<string | null>(null);
  const viewer = useRef<ViewerHandle>(null);
  const others = usePresence(code);

  useEffect(() => {
    const abort = new AbortController();
    getWorkspace(code, { signal: abort.signal }).then(
      (data) => {
        setWs(data);
        setLoadError(null);
      },
      (err: unknown) => {
        if (!abort.signal.aborted) setLoadError(err);
      },
    );
    return () => abort.abort();
  }, [code, generation]);

  // Keep a page selected: the first page of the first document, or whatever still exists.
  useEffect(() => {
    if (ws === null) return;
    if (pageId !== null && ws.pages.some((p) => p.id === pageId)) return;
    setPageId(pageOrder(ws)[0] ?? null);
  }, [ws, pageId]);

  // After approval the finalize job signs the PDFs and catalogues them; follow it until done.
  const waiting =
    ws !== null && ws.dossier.status === 'approved' && ws.dossier.cataloguedAt === null;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      getWorkspace(code).then(setWs, () => undefined);
    }, CATALOGUE_POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, code]);

  const doc = ws === null ? undefined : docOfPage(ws, pageId);
  // Documents whose access mode (or the dossier's) this role may not read: the api sent them blank.
  const hiddenDocs = useMemo(
    (): ReadonlySet<string> =>
      new Set(
        (ws?.documents ?? [])
          .filter(
            (d) => !mayReadDraft(user.role, ws?.dossier.accessModeCode, d.fields.accessModeCode),
          )
          .map((d) => d.id),
      ),
    [ws, user.role],
  );
  const docHidden = doc !== undefined && hiddenDocs.has(doc.id);
  const canEdit = ws !== null && mayReview(user.role) && ws.dossier.status === 'in_review';

  const fail = useCallback((err: unknown, scope: string | null) => {
    if (err instanceof ApiError && err.code === 'dossier.version_conflict') {
      setFailure({ error: err, conflict: true });
      return;
    }
    const fields = fieldErrors(err);
    if (scope !== null && Object.keys(fields).length > 0) {
      setServerErrors((s) => ({ ...s, [scope]: fields }));
    }
    setFailure({ error: err, conflict: false });
  }, []);

  /** Runs one write at a time; the answer replaces the workspace. False when it failed. */
  const run = useCallback(
    async (fn: () => Promise<WorkspaceData | null>): Promise<boolean> => {
      if (busyRef.current) return false;
      busyRef.current = true;
      setBusy(true);
      setFailure(null);
      try {
        const next = await fn();
        if (next !== null) setWs(next);
        return true;
      } catch (err) {
        fail(err, null);
        return false;
      } finally {
        busyRef.current = false;
        setBusy(false);
      }
    },
    [fail],
  );

  /**
   * Saves every form with unsaved edits (each document, then the dossier), one request each with
   * the version the previous one returned. Returns the latest workspace, or throws.
   */
  const saveAll = useCallback(
    async (start: WorkspaceData): Promise<WorkspaceData> => {
      let cur = start;
      for (const [docId, edits] of Object.entries(docEdits)) {
        const d = cur.documents.find((x) => x.id === docId);
        if (d === undefined) continue;
        const p = formPatch(DOCUMENT_FORM, documentRecord(d), edits);
        if (Object.keys(p.errors).length > 0) throw new FormInvalid();
        if (Object.keys(p.fields).length === 0) continue;
        try {
          cur = await patchDocument(docId, cur.dossier.version, p.fields);
        } catch (err) {
          fail(err, docId);
          throw new Handled();
        }
        setDocEdits((s) => omit(s, docId));
        setServerErrors((s) => omit(s, docId));
      }
      const p = formPatch(DOSSIER_FORM, dossierRecord(cur.dossier), dossierEdits);
      if (Object.keys(p.errors).length > 0) throw new FormInvalid();
      if (Object.keys(p.fields).length > 0) {
        try {
          cur = await patchDossier(code, cur.dossier.version, p.fields);
        } catch (err) {
          fail(err, 'dossier');
          throw new Handled();
        }
        setDossierEdits({});
        setServerErrors((s) => omit(s, 'dossier'));
      }
      return cur;
    },
    [code, docEdits, dossierEdits, fail],
  );

  const save = useCallback(
    (then?: (cur: WorkspaceData) => Promise<WorkspaceData>) =>
      run(async () => {
        if (ws === null) return null;
        try {
          const saved = await saveAll(ws);
          setWs(saved);
          return then === undefined ? saved : await then(saved);
        } catch (err) {
          if (err instanceof Handled) return null;
          if (err instanceof FormInvalid) {
            setFailure({ error: new Error(w('ws.formHasErrors')), conflict: false });
            return null;
          }
          throw err;
        }
      }),
    [run, saveAll, ws, w],
  );

  const approve = useCallback(() => {
    if (!canEdit) return;
    // One key press approves a correct record: unsaved edits are saved first.
    void save((cur) => approveDossier(code, cur.dossier.version));
  }, [canEdit, save, code]);

  const editStructure = useCallback(
    (edit: StructureEdit) => {
      if (ws === null || !canEdit) return;
      const body = structureBody(ws, edit);
      if (body === null) return;
      void run(() => putStructure(code, body));
    },
    [ws, canEdit, run, code],
  );

  const reject = (reason: RejectReason, note: string) => {
    if (ws === null) return;
    void run(async () => {
      const next = await rejectDossier(code, {
        version: ws.dossier.version,
        reason,
        ...(note === '' ? {} : { note }),
      });
      setDialog(null);
      return next;
    });
  };

  const sendBack = (toUserId: string, message: string) => {
    if (ws === null) return;
    void run(async () => {
      const next = await returnDossier(code, { version: ws.dossier.version, toUserId, message });
      setDialog(null);
      setReturnedTo(next.dossier.assignedTo?.displayName ?? toUserId);
      return next;
    });
  };

  const selectPage = (id: string) => {
    setPageId(id);
  };

  const focusField = (f: Focus) => {
    setFocus(f);
    if (ws === null || f.scope !== 'doc' || doc === undefined) return;
    const field = DOCUMENT_FORM.find((x) => x.key === f.key);
    const src = field === undefined ? undefined : documentDraft(doc, field)?.sources[0];
    const target = src === undefined ? undefined : doc.pageIds[src.page];
    if (target !== undefined && target !== pageId) setPageId(target);
  };

  // Boxes of the focused field on the page in view.
  const sources = useMemo((): Box[] | null => {
    if (focus === null || focus.scope !== 'doc' || doc === undefined) return null;
    const field = DOCUMENT_FORM.find((x) => x.key === focus.key);
    const draft = field === undefined ? null : documentDraft(doc, field);
    if (draft === null) return null;
    const boxes = draft.sources
      .filter((s) => doc.pageIds[s.page] === pageId)
      .flatMap((s) => s.boxes)
      .filter(isBox);
    return boxes.length === 0 ? null : boxes;
  }, [focus, doc, pageId]);

  const lowFields = useMemo((): string[] => {
    if (ws === null) return [];
    const t = ws.lowConfidence;
    const docs =
      doc === undefined
        ? []
        : DOCUMENT_FORM.filter((f) => needsCheck(documentDraft(doc, f), t, f.required)).map(
            (f) => `doc:${f.key}`,
          );
    const dossier = DOSSIER_FORM.filter((f) =>
      needsCheck(dossierDraft(ws.dossier, f), t, f.required),
    ).map((f) => `dossier:${f.key}`);
    return [...docs, ...dossier];
  }, [ws, doc]);

  const onAction = (action: ShortcutAction) => {
    if (ws === null) return;
    switch (action) {
      case 'approve':
        approve();
        break;
      case 'reject':
        if (canEdit) setDialog('reject');
        break;
      case 'help':
        setDialog('help');
        break;
      case 'nextDoc':
      case 'prevDoc': {
        const i = doc === undefined ? -1 : ws.documents.indexOf(doc);
        const next = ws.documents[action === 'nextDoc' ? i + 1 : Math.max(0, i - 1)];
        const first = next?.pageIds[0];
        if (first !== undefined) {
          setPageId(first);
          setFocus(null);
        }
        break;
      }
      case 'nextPage':
      case 'prevPage': {
        const order = pageOrder(ws);
        const i = pageId === null ? -1 : order.indexOf(pageId);
        const next = order[action === 'nextPage' ? i + 1 : i - 1];
        if (next !== undefined) setPageId(next);
        break;
      }
      case 'nextLowField': {
        const current = focus === null ? null : `${focus.scope}:${focus.key}`;
        const next = nextInCycle(lowFields, current);
        if (next === null) break;
        const [scope = '', key = ''] = next.split(':');
        const el = document.getElementById(
          `${scope === 'doc' ? DOC_PREFIX : DOSSIER_PREFIX}-${key}`,
        );
        el?.focus();
        el?.scrollIntoView({ block: 'center' });
        focusField({ scope: scope === 'doc' ? 'doc' : 'dossier', key });
        break;
      }
      case 'zoomIn':
        viewer.current?.zoomBy(ZOOM_STEP);
        break;
      case 'zoomOut':
        viewer.current?.zoomBy(1 / ZOOM_STEP);
        break;
      case 'zoomFit':
        viewer.current?.fit();
        break;
      case 'save':
        if (canEdit) void save();
        break;
    }
  };

  const onActionRef = useRef(onAction);
  useEffect(() => {
    onActionRef.current = onAction;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      // Dialogs own the keyboard while open (Escape closes them).
      if (document.querySelector('dialog[open]') !== null) return;
      const action = actionFor({
        key: e.key,
        code: e.code,
        ctrlKey: e.ctrlKey,
        altKey: e.altKey,
        metaKey: e.metaKey,
        typing: isTypingTarget(e.target instanceof Element ? e.target : null),
      });
      if (action === null) return;
      if (action === 'approve' && e.repeat) return;
      e.preventDefault();
      onActionRef.current(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const anyDirty = useMemo(() => {
    if (ws === null) return false;
    if (isDirty(DOSSIER_FORM, dossierRecord(ws.dossier), dossierEdits)) return true;
    return Object.entries(docEdits).some(([id, e]) => {
      const d = ws.documents.find((x) => x.id === id);
      return d !== undefined && isDirty(DOCUMENT_FORM, documentRecord(d), e);
    });
  }, [ws, docEdits, dossierEdits]);

  // Closing the tab with unsaved edits asks first; in-app links ask in WorkspaceHeader.
  useEffect(() => {
    if (!anyDirty) return;
    const onLeave = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, [anyDirty]);

  if (ws === null) {
    return loadError !== null ? (
      <ErrorPanel error={loadError} onRetry={() => setGeneration((g) => g + 1)} />
    ) : (
      <p className="loading" role="status">
        {w('ws.loading')}
      </p>
    );
  }

  const page = ws.pages.find((p) => p.id === pageId) ?? null;
  const docEditsNow = doc === undefined ? {} : (docEdits[doc.id] ?? {});
  const docDirty = doc !== undefined && isDirty(DOCUMENT_FORM, documentRecord(doc), docEditsNow);
  const dossierDirty = isDirty(DOSSIER_FORM, dossierRecord(ws.dossier), dossierEdits);
  const selfEdited = ws.dossier.lastEditor?.id === user.id;
  const posInDoc = doc === undefined || pageId === null ? -1 : doc.pageIds.indexOf(pageId);
  const caption =
    page === null
      ? w('ws.noPage')
      : doc === undefined
        ? w('ws.viewerLoose')
        : w('ws.viewerOf', { n: posInDoc + 1, total: doc.pageIds.length, seq: doc.seq });

  return (
    <div className="ws" data-testid="workspace" data-version={ws.dossier.version} aria-busy={busy}>
      <WorkspaceHeader ws={ws} others={others} dirty={anyDirty} />
      <DoneBanner ws={ws} returnedTo={returnedTo} />
      {failure !== null && (
        <ActionAlert
          error={failure.error}
          conflict={failure.conflict}
          onReload={() => {
            setFailure(null);
            setGeneration((g) => g + 1);
          }}
          onDismiss={() => setFailure(null)}
        />
      )}
      <ActionsBar
        canEdit={canEdit}
        busy={busy}
        dirty={anyDirty}
        reviewer={mayReview(user.role)}
        inReview={ws.dossier.status === 'in_review'}
        twoPersonRule={ws.twoPersonRule}
        selfEdited={selfEdited}
        onApprove={approve}
        onReject={() => setDialog('reject')}
        onReturn={() => setDialog('return')}
        onSave={() => void save()}
        onHelp={() => setDialog('help')}
      />
      <div className="ws-legend" aria-label={w('ws.shortcuts')}>
        <ShortcutList />
      </div>
      <div className="ws-grid">
        <Thumbnails
          ws={ws}
          hiddenDocs={hiddenDocs}
          selectedPageId={pageId}
          onSelect={selectPage}
          onEdit={editStructure}
          canEdit={canEdit && !busy}
        />
        {docHidden ? (
          <section className="ws-viewer" aria-label={w('ws.viewer')}>
            <RestrictedNotice
              seq={doc.seq}
              modes={draftModes(ws.dossier.accessModeCode, doc.fields.accessModeCode)}
              testId="viewer-restricted"
            />
          </section>
        ) : (
          <PageViewer page={page} sources={sources} handle={viewer} caption={caption} />
        )}
        <div className="ws-side">
          {doc === undefined ? (
            <p className="empty-state">{w('ws.noDocument')}</p>
          ) : docHidden ? (
            <RestrictedNotice
              seq={doc.seq}
              modes={draftModes(ws.dossier.accessModeCode, doc.fields.accessModeCode)}
              testId="form-restricted"
            />
          ) : (
            <FieldsForm
              key={doc.id}
              title={w('ws.documentForm', { seq: doc.seq })}
              testId="document-form"
              idPrefix={DOC_PREFIX}
              form={DOCUMENT_FORM}
              record={documentRecord(doc)}
              draftOf={(f) => documentDraft(doc, f)}
              edits={docEditsNow}
              threshold={ws.lowConfidence}
              serverErrors={serverErrors[doc.id] ?? {}}
              disabled={!canEdit}
              dirty={docDirty}
              focusedKey={focus?.scope === 'doc' ? focus.key : null}
              onEdit={(key, value: InputValue) =>
                setDocEdits((s) => ({ ...s, [doc.id]: { ...(s[doc.id] ?? {}), [key]: value } }))
              }
              onFocusField={(key) => focusField({ scope: 'doc', key })}
              onSave={() => void save()}
              facts={
                <p className="ws-form__facts">
                  {w('ws.pageCount')}: <strong>{doc.pageIds.length}</strong>
                </p>
              }
            />
          )}
          <FieldsForm
            title={w('ws.dossierForm')}
            testId="dossier-form"
            idPrefix={DOSSIER_PREFIX}
            form={DOSSIER_FORM}
            record={dossierRecord(ws.dossier)}
            draftOf={(f) => dossierDraft(ws.dossier, f)}
            edits={dossierEdits}
            threshold={ws.lowConfidence}
            serverErrors={serverErrors.dossier ?? {}}
            disabled={!canEdit}
            dirty={dossierDirty}
            focusedKey={focus?.scope === 'dossier' ? focus.key : null}
            onEdit={(key, value) => setDossierEdits((s) => ({ ...s, [key]: value }))}
            onFocusField={(key) => focusField({ scope: 'dossier', key })}
            onSave={() => void save()}
            facts={
              <p className="ws-form__facts">
                {w('ws.code')}: <strong>{ws.dossier.code}</strong> · {w('ws.pageCount')}:{' '}
                <strong>{ws.pages.length}</strong>
              </p>
            }
          />
          <AuditPanel code={code} version={ws.dossier.version} />
        </div>
      </div>
      {dialog === 'reject' && (
        <RejectDialog busy={busy} onSubmit={reject} onClose={() => setDialog(null)} />
      )}
      {dialog === 'return' && (
        <ReturnDialog
          busy={busy}
          selfId={user.id}
          onSubmit={sendBack}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'help' && <HelpDialog onClose={() => setDialog(null)} />}
    </div>
  );
}

/** A failure already shown to the reviewer (field errors, conflict). */
class Handled extends Error {}
/** A form has fields that do not parse; their inline errors say which. */
class FormInvalid extends Error {}

function omit<T>(o: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = o;
  return rest;
}
