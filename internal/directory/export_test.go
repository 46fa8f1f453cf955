package directory

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
