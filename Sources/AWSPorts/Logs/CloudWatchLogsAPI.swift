/// Amazon CloudWatch Logs: groups, streams, ingestion with AWS's ordering and age rules, paging, and filter
/// patterns.
public protocol CloudWatchLogsAPI {
    func createLogGroup(_ logGroupName: String) throws(AWSError)
    func deleteLogGroup(_ logGroupName: String) throws(AWSError)
    func describeLogGroups(prefix: String?) throws(AWSError) -> [LogGroup]
    func putRetentionPolicy(logGroupName: String, retentionInDays: Int) throws(AWSError)
    func createLogStream(logGroupName: String, logStreamName: String) throws(AWSError)
    func describeLogStreams(logGroupName: String, prefix: String?, orderBy: LogStreamOrder, descending: Bool)
        throws(AWSError) -> [LogStream]
    func putLogEvents(logGroupName: String, logStreamName: String, events: [InputLogEvent]) throws(AWSError)
        -> PutLogEventsResult
    func getLogEvents(_ request: GetLogEventsRequest) throws(AWSError) -> GetLogEventsResult
    func filterLogEvents(_ request: FilterLogEventsRequest) throws(AWSError) -> FilterLogEventsResult
}
