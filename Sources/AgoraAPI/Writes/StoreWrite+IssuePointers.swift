import AgoraDomain

extension StoreWrite {
    /// The same write with the domain's validation issues pointed into the request body by `pointers`.
    func pointing(_ pointers: IssuePointers) -> StoreWrite {
        answeringRefusals { error, _ in
            guard case .rejected(.validation(let issues)) = error else { return .fail(APIError(error)) }
            return .fail(InvalidContent(issues: issues.map(pointers.fieldIssue)))
        }
    }
}
