package directory

import "io"

// SetServicePageForm makes the HSDS API's filtered service lists take one
// form of page ("gather", "walk", or "" to choose), until the returned
// function puts it back.
func SetServicePageForm(form string) (restore func()) {
	old := servicePageForm
	servicePageForm = form
	return func() { servicePageForm = old }
}

// SayHours is sayHours, for its own test.
var SayHours = sayHours

// PDFStarts lays the guide's PDF out as WritePDF does and returns the page
// each category starts on in its first layout (which the contents then
// name) and in the layout written.
func (g *Guide) PDFStarts() (named, written []int, err error) {
	named, err = g.layoutPDF(io.Discard, false, nil)
	if err != nil {
		return nil, nil, err
	}
	written, err = g.writePDF(io.Discard, false)
	return named, written, err
}
