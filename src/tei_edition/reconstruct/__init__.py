"""Stage 1, the text: the draft TEI rebuilt from the raw PDF extraction and the reading-order file
(`ingest`, with the order's parser in `order` and the first editorial markup in `markup`).
Imports only `core`."""
