/// Amazon DynamoDB: tables with a hash key and an optional range key, the item operations with condition and
/// update expressions, query, scan and TTL.
public protocol DynamoDBAPI {
    func createTable(_ request: CreateTableRequest) throws(AWSError) -> TableDescription
    func describeTable(_ tableName: String) throws(AWSError) -> TableDescription
    func deleteTable(_ tableName: String) throws(AWSError)
    func listTables() throws(AWSError) -> [String]
    func updateTimeToLive(tableName: String, attributeName: String, enabled: Bool) throws(AWSError)
    func describeTimeToLive(_ tableName: String) throws(AWSError) -> TimeToLiveDescription
    /// Returns the old item when `returnValues` is `ALL_OLD` and one existed.
    func putItem(_ request: PutItemRequest) throws(AWSError) -> DynamoDBItem?
    func getItem(_ request: GetItemRequest) throws(AWSError) -> DynamoDBItem?
    /// Returns the attributes `returnValues` asks for.
    func updateItem(_ request: UpdateItemRequest) throws(AWSError) -> DynamoDBItem?
    func deleteItem(_ request: DeleteItemRequest) throws(AWSError) -> DynamoDBItem?
    func query(_ request: QueryRequest) throws(AWSError) -> ItemPage
    func scan(_ request: ScanRequest) throws(AWSError) -> ItemPage
}
