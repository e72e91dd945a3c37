"""The citation model shared by every output: the citation trees and units read from the header's
`citeStructure` (`scheme`), the anchor lock (`anchors`: its file `anchor_lock`, the fingerprints
of the units' text `fingerprints`, the decisions accepted `anchor_decisions`, with `revisions` for
the revision history) and citations in every style (`cite`). Imports only `core`."""
