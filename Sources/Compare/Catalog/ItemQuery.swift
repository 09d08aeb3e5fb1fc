import Register

extension Catalog {
    /// The items a user's words name (`missing --item`), by the first rule that finds any, in
    /// catalog order. Names are compared by `NameKey` (width, kana, spaces).
    ///
    /// 1. **Exactly**: the item's id (`procedure.hisai.01`), its name (`罹災証明書の発行申請`) or
    ///    one of its aliases.
    /// 2. **Then a part of a name**, of two characters or more: a query inside the name or an alias of items (`罹災証明`
    ///    finds the one item whose name holds it; `児童手当` finds several, and the caller names them).
    public func items(matching query: String) -> [CatalogItem] {
        let key = NameKey.of(query)
        guard !key.isEmpty else { return [] }
        let exact = items.filter { item in
            item.id == query || NameKey.of(item.name) == key || item.aliases.contains { NameKey.of($0) == key }
        }
        // One letter is inside too many names (`x` in eLTAX) to mean any of them.
        if !exact.isEmpty || key.count < 2 { return exact }
        func holds(_ text: String) -> Bool {
            let name = NameKey.of(text)
            guard name.count >= key.count else { return false }
            return (0...(name.count - key.count)).contains { name[$0..<($0 + key.count)].elementsEqual(key) }
        }
        return items.filter { item in holds(item.name) || item.aliases.contains(where: holds) }
    }
}
