package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// MaxDocumentSize is the largest document an agreement can carry: room for
// a scanned, signed MOU, small enough to keep in the database.
const MaxDocumentSize = 10 << 20

// ErrDocumentTooLarge refuses a document above MaxDocumentSize. Each
// front-end says it in its own way: the web page with advice on making the
// file smaller, the API with 413.
var ErrDocumentTooLarge = fmt.Errorf("an agreement's document may be at most %d MiB", MaxDocumentSize>>20)

// Document is a file attached to an agreement.
type Document struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"-"`
}

// servedTypes are the document types served as themselves: documents
// people sign, none of which a browser runs. Any other type the uploader
// named (text/html, text/javascript, image/svg+xml, ...) is served as
// application/octet-stream, so that nothing uploaded can run as a page or a
// script from Backbone's own origin, where its Content-Security-Policy
// would allow it.
var servedTypes = map[string]bool{
	"application/pdf": true, "text/plain": true, "image/png": true, "image/jpeg": true, "image/gif": true,
	"image/webp": true, "application/msword": true, "application/rtf": true,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": true,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":       true,
	"application/vnd.ms-excel": true, "application/vnd.oasis.opendocument.text": true,
	"application/vnd.oasis.opendocument.spreadsheet": true,
}

// ServedType is the Content-Type a document is served with: its own when it
// is one of the documents people sign (text/plain with its charset, UTF-8
// when it names none), otherwise
// application/octet-stream.
func (d *Document) ServedType() string {
	t, params, err := mime.ParseMediaType(d.ContentType)
	switch {
	case err != nil || !servedTypes[t]:
		return "application/octet-stream"
	case t == "text/plain":
		charset := params["charset"]
		if charset == "" {
			charset = "utf-8"
		}
		return mime.FormatMediaType(t, map[string]string{"charset": charset})
	}
	return t
}

// AttachDocument reads a file from body and attaches it to agreement
// agreementID of the initiative, replacing any file it had; a signed copy
// may be attached after signing. Backbone staff attach documents
// (account.AttachAgreementDocument), and the rule is asked before the file
// is read. At most MaxDocumentSize bytes are read: a larger file is refused
// with ErrDocumentTooLarge; no file at all (no name, nothing in it) is a
// validation error on "document".
func (s *Store) AttachDocument(ctx context.Context, actor account.Actor, initiativeID, agreementID int64,
	name, contentType string, body io.Reader) error {
	if err := s.rules.Check(ctx, actor, account.AttachAgreementDocument, account.Initiative(initiativeID)); err != nil {
		return err
	}
	if _, err := s.agreement(ctx, s.db, initiativeID, agreementID); err != nil {
		return err
	}
	doc, err := readDocument(name, contentType, body)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		a, err := s.agreement(ctx, tx, initiativeID, agreementID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE agreements SET document = $1, document_name = $2, document_type = $3,
			document_size = $4, updated_at = $5 WHERE initiative_id = $6 AND id = $7`,
			doc.Data, doc.Name, doc.ContentType, len(doc.Data), s.now(), initiativeID, agreementID)
		if err != nil {
			return fmt.Errorf("attach document to agreement %d: %w", agreementID, err)
		}
		info := map[string]any{"document_name": doc.Name, "document_type": doc.ContentType, "document_size": len(doc.Data)}
		return s.recordChange(ctx, tx, actor, initiativeID, "agreement_document",
			fmt.Sprintf("attached %s to the agreement %s", doc.Name, account.Quote(a.Title)), nil, info)
	})
}

// readDocument reads at most MaxDocumentSize bytes of a file from body and
// checks its name and type: the name loses any folders a browser sent with
// it (C:\scans\mou.pdf is mou.pdf).
func readDocument(name, contentType string, body io.Reader) (*Document, error) {
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), `\`, "/"))
	doc := &Document{Name: name, ContentType: strings.TrimSpace(contentType)}
	if doc.ContentType == "" {
		doc.ContentType = "application/octet-stream"
	}
	data, err := io.ReadAll(io.LimitReader(body, MaxDocumentSize+1))
	if err != nil {
		return nil, fmt.Errorf("read document: %w", err)
	}
	if len(data) > MaxDocumentSize {
		return nil, ErrDocumentTooLarge
	}
	doc.Data = data

	var v errs.ValidationError
	named := doc.Name != "" && doc.Name != "." && doc.Name != "/"
	switch {
	case len(data) == 0 && !named:
		v.Add("document", "is missing: choose a file to attach")
	case len(data) == 0:
		v.Add("document", "is empty")
	case !named:
		v.Add("document", "needs a file name")
	}
	checkLength(&v, "document", doc.Name, maxShortText)
	checkLength(&v, "document", doc.ContentType, 200)
	return doc, v.OrNil()
}

// AgreementDocument returns the file attached to agreement agreementID of
// the initiative, to anyone who may see the initiative
// (account.DownloadAgreementDocument), or errs.ErrNotFound when it has
// none.
func (s *Store) AgreementDocument(ctx context.Context, actor account.Actor, initiativeID, agreementID int64) (
	*Document, error) {
	if err := s.rules.Check(ctx, actor, account.DownloadAgreementDocument, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	var d Document
	err := s.db.QueryRowContext(ctx, `SELECT document_name, document_type, document FROM agreements
		WHERE initiative_id = $1 AND id = $2 AND document IS NOT NULL`, initiativeID, agreementID).
		Scan(&d.Name, &d.ContentType, &d.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document of agreement %d of initiative %d: %w", agreementID, initiativeID, errs.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("get document of agreement %d: %w", agreementID, err)
	}
	return &d, nil
}
