package web

// InertField is inertField, for the tests outside the package.
var InertField = inertField
