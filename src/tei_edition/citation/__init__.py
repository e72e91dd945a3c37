"""The citation model shared by every output: the citation trees and units read from the header's
`citeStructure` (`scheme`), the anchor lock (`anchors`, with `revisions` for the revision history)
and citations in every style (`cite`). Imports only `core`."""
