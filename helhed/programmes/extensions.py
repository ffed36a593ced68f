"""What programmes registers with the extension points of the apps below it."""
