package directory

// SetServicePageForm makes the HSDS API's filtered service lists take one
// form of page ("gather", "walk", or "" to choose), until the returned
// function puts it back.
func SetServicePageForm(form string) (restore func()) {
	old := servicePageForm
	servicePageForm = form
	return func() { servicePageForm = old }
}

// LegacyID is legacyID, for the tests of the HSDS 1.x and 2.0 reader.
var LegacyID = legacyID

// SayHours is sayHours, for its own test.
var SayHours = sayHours
