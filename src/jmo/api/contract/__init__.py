"""The API document as the code states it: operations, error codes, schemas, links."""
