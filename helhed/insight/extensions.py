"""What insight registers with the extension points of the apps below it."""
