/// Amazon ECS: clusters, services whose counts converge over simulated time, tasks with the real lifecycle.
public protocol ECSAPI {
    func createCluster(_ clusterName: String) throws(AWSError) -> ECSCluster
    func describeClusters(_ clusters: [String]) throws(AWSError) -> [ECSCluster]
    func registerTaskDefinition(family: String, containerDefinitions: [ContainerDefinition]) throws(AWSError)
        -> TaskDefinition
    func createService(_ request: CreateServiceRequest) throws(AWSError) -> ECSService
    func updateService(cluster: String, service: String, desiredCount: Int) throws(AWSError) -> ECSService
    func deleteService(cluster: String, service: String, force: Bool) throws(AWSError) -> ECSService
    func describeServices(cluster: String, services: [String]) throws(AWSError) -> DescribeServicesResult
    func runTask(_ request: RunTaskRequest) throws(AWSError) -> RunTaskResult
    func stopTask(cluster: String, task: String, reason: String?) throws(AWSError) -> ECSTask
    func describeTasks(cluster: String, tasks: [String]) throws(AWSError) -> DescribeTasksResult
    /// Task scale-in protection; returns the ARNs protected.
    func updateTaskProtection(cluster: String, tasks: [String], protectionEnabled: Bool, expiresInMinutes: Int) throws(AWSError) -> [String]
    /// Task ARNs, sorted. `desiredStatus` defaults to RUNNING, as in ECS.
    func listTasks(cluster: String, serviceName: String?, desiredStatus: TaskStatus?) throws(AWSError) -> [String]
}
